// Progress lines for the person at the terminal; always on stderr so stdout stays machine-readable.
export interface Progress {
  line(text: string): void;
}

export const terminalProgress: Progress = {
  line(text) {
    process.stderr.write(`${text}\n`);
  },
};

export const silentProgress: Progress = { line() {} };
