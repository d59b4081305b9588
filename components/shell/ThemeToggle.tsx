"use client";

import { useEffect, useState } from "react";

type Theme = "light" | "dark";

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(document.documentElement.dataset.theme === "dark" ? "dark" : "light"), []);

  function toggle() {
    const next: Theme = theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("weft-theme", next);
    setTheme(next);
  }

  return (
    <button type="button" className="secondary" onClick={toggle} aria-label="Switch theme">
      {theme === "dark" ? "Light theme" : "Dark theme"}
    </button>
  );
}
