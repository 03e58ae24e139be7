/**
 * Test file order: the files known to be long start first, so no long file is left to run
 * alone at the end. Vitest orders by the durations of the last run when it has them and
 * by file size otherwise (a clean CI checkout has none): the MongoDB contract file is
 * small but runs ~100 s (FerretDB serialises writes), and would otherwise start last.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Earlier patterns start earlier; files matching none keep vitest's order after them. */
const LONG_FIRST = [/test\/contract\/mongodb\.test\.ts$/, /\.browser\.test\.ts$/, /test\/e2e\//];

const rank = (file: string) => {
  const index = LONG_FIRST.findIndex((pattern) => pattern.test(file));
  return index < 0 ? LONG_FIRST.length : index;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within a rank, vitest's own order stays.
    return [...sorted].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}
