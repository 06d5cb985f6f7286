import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * A fake vendor client that is a real compiled program, not a script: the desk refuses `#!` files
 * as its own tool (their interpreter would run whatever they say), so a tool that must be accepted
 * is built with the C compiler every machine here has for native addons. Like the script fakes, it
 * writes down the argv it was given as `<records>/<pid>.json`, stays up a moment, and exits.
 */
export function nativeClient(path: string, records: string): string {
  mkdirSync(dirname(path), { recursive: true })
  const source = `${path}.c`
  writeFileSync(
    source,
    `#include <stdio.h>
#include <unistd.h>
static void str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) { if (*s == '"' || *s == '\\\\') fputc('\\\\', f); fputc(*s, f); }
  fputc('"', f);
}
int main(int argc, char **argv) {
  char tmp[4096], done[4096];
  snprintf(tmp, sizeof tmp, "%s/%d.tmp", ${JSON.stringify(records)}, (int)getpid());
  snprintf(done, sizeof done, "%s/%d.json", ${JSON.stringify(records)}, (int)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return 3;
  fputs("{\\"program\\":", f); str(f, argv[0]); fputs(",\\"argv\\":[", f);
  for (int i = 1; i < argc; i++) { if (i > 1) fputc(',', f); str(f, argv[i]); }
  fputs("],\\"rdp\\":null}", f);
  fclose(f);
  rename(tmp, done);
  usleep(300000);
  return 0;
}
`
  )
  execFileSync('cc', ['-O1', '-o', path, source])
  chmodSync(path, 0o755)
  return path
}
