declare module 'jstat' {
  /** jStat is CommonJS: its module.exports is the jStat object (only what stats.ts uses is typed). */
  const jStat: {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
  };
  export default jStat;
}
