/**
 * A suite's shared arrangement, made once on first use and then only read: instead of a describe-level `let`
 * that a `beforeAll` assigns, a test asks `await arranged()` for what it needs. The first test to ask makes it
 * (so any test still runs alone, `vitest -t`), the others share that very object, frozen so no test can change
 * what the next one reads. Inside `describeEachDatabase` each database gets its own.
 */
export function fixture<T extends object>(make: () => Promise<T>): () => Promise<Readonly<T>> {
  let made: Promise<Readonly<T>> | undefined;
  return () => {
    made ??= make().then((value) => Object.freeze(value));
    return made;
  };
}
