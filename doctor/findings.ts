/**
 * One row of the doctor's report: an assumption the provider makes, what the public docs say about it,
 * what this ITCare did, and what that means for the provider. `verdict`: `holds` (as the provider
 * assumes), `differs` (the provider or its emulator profile must take the other reading), `not-checked`
 * (the doctor could not find out with reads and dry runs only; `observed` says why), `info`.
 */
export type Verdict = 'holds' | 'differs' | 'not-checked' | 'info';

export interface Finding {
  /** Stable key, e.g. `token.lifetime`, `filter./compute/instances.names`, `shape.dryRun`. */
  id: string;
  assumption: string;
  docs: string;
  observed: string;
  consequence: string;
  verdict: Verdict;
}

export class Findings {
  readonly rows: Finding[] = [];

  add(f: Finding): Finding {
    this.rows.push(f);
    return f;
  }

  holds(id: string, assumption: string, docs: string, observed: string, consequence = 'none: the provider works as built'): Finding {
    return this.add({ id, assumption, docs, observed, consequence, verdict: 'holds' });
  }

  differs(id: string, assumption: string, docs: string, observed: string, consequence: string): Finding {
    return this.add({ id, assumption, docs, observed, consequence, verdict: 'differs' });
  }

  notChecked(
    id: string,
    assumption: string,
    docs: string,
    why: string,
    consequence = 'unknown: the provider keeps its tolerant reading',
  ): Finding {
    return this.add({ id, assumption, docs, observed: `not checked: ${why}`, consequence, verdict: 'not-checked' });
  }

  info(id: string, assumption: string, docs: string, observed: string, consequence = 'none: tolerated'): Finding {
    return this.add({ id, assumption, docs, observed, consequence, verdict: 'info' });
  }
}
