/** Whether the run of tokens `short` begins the longer run `long` ("Federated" of "Federated Department Stores"). */
export function startsWith(long: readonly string[], short: readonly string[]): boolean {
  return short.length < long.length && short.every((t, i) => long[i] === t);
}

/** Whether the run of tokens `short` ends the longer run `long` ("Portnoy" of "Gaby Portnoy"). */
export function endsWith(long: readonly string[], short: readonly string[]): boolean {
  if (short.length >= long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}
