/**
 * Collects validation errors (which become a NACK's error_detail) and notes (ignored or unsupported
 * settings) while converting one xDS resource. Messages read "<Kind> <name>: <where> <what>".
 */
export interface DiagnosticSink {
  readonly errors: string[];
  readonly notes: string[];
}

export class Diagnostics {
  constructor(
    private readonly resource: string,
    readonly sink: DiagnosticSink,
    private readonly where: string = "",
  ) {}

  /** A child scope, e.g. `at("route[2]")`. */
  at(segment: string): Diagnostics {
    return new Diagnostics(this.resource, this.sink, this.where ? `${this.where} ${segment}` : segment);
  }

  error(message: string): void {
    this.sink.errors.push(this.format(message));
  }

  note(message: string): void {
    const text = this.format(message);
    if (!this.sink.notes.includes(text)) this.sink.notes.push(text);
  }

  get errorCount(): number {
    return this.sink.errors.length;
  }

  private format(message: string): string {
    return this.where ? `${this.resource}: ${this.where} ${message}` : `${this.resource}: ${message}`;
  }
}

export function newSink(): DiagnosticSink {
  return { errors: [], notes: [] };
}
