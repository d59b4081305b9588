"use client";

import type { ReactNode } from "react";
import { GlobalControls } from "./GlobalControls";
import { useRange } from "./useRange";

/** A page's title, the global controls, and a clear message when the URL's time range is impossible. */
export function PageHeader({
  title,
  children,
  controls = true,
}: {
  title: ReactNode;
  children?: ReactNode;
  controls?: boolean;
}) {
  const range = useRange();
  return (
    <>
      <header className="page-header">
        <h1>{title}</h1>
        {children}
        <div className="spacer" />
        {controls && <GlobalControls />}
      </header>
      {controls && range.problem && (
        <p role="alert" className="notice error">
          The time range cannot be shown: {range.problem}. Pick a range above.
        </p>
      )}
    </>
  );
}
