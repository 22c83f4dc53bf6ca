/** A problem with an input file: the message names the file and says what is wrong. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    // One line, whatever the problem quotes from the file (JSON.parse's messages include a snippet of it).
    super(`${file}: ${problem}`.replace(/[\u0000-\u001f\u007f]+/g, ' '))
  }
}
