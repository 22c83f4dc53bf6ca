/** A problem with an input file: the message names the file and says what is wrong. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`)
  }
}
