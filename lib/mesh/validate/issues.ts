import { formatPath, type PathSegment } from "../path";

/** One problem in a config, located by a path such as `services[2].routes[0].destinations[1].weight`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ValidationResult {
  /** True when there are no errors; warnings do not block a change. */
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

/** Gathers issues while the checks walk the config. */
export class IssueCollector {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];

  error(path: readonly PathSegment[], message: string): void {
    this.errors.push({ path: formatPath(path), message });
  }

  warning(path: readonly PathSegment[], message: string): void {
    this.warnings.push({ path: formatPath(path), message });
  }

  result(): ValidationResult {
    return { ok: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }
}
