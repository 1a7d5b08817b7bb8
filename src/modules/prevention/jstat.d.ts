declare module 'jstat' {
  export const jStat: {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
  };
  const jstat: { jStat: typeof jStat };
  export default jstat;
}
