// A progress bar on stderr (stdout stays clean for --json and pipes). On a terminal it redraws in place;
// elsewhere (a log file, CI) it prints a line at every tenth so the log shows it moving.
export interface Progress {
  tick(): void;
  done(): void;
}

export function progress(
  total: number,
  enabled = true,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let n = 0;
  let lastTenth = -1;
  const width = 30;
  const render = () => {
    const filled = total ? Math.round((n / total) * width) : width;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total}`;
  };
  return {
    tick() {
      n += 1;
      if (!enabled) return;
      if (stream.isTTY) stream.write(`\r${render()}`);
      else {
        const tenth = Math.floor((n / total) * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          stream.write(`${render()}\n`);
        }
      }
    },
    done() {
      if (enabled && stream.isTTY) stream.write('\n');
    },
  };
}
