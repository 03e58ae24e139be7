/**
 * Child process of the render section, started under `taskset -c 0`: renders the default
 * design's PNG for the credentials it reads from stdin, pinned to one CPU with every
 * thread (main, libuv threadpool for resvg and zlib, GC), so the figure is one core's
 * worth however the work is spread. Prints one JSON line: renders and wall milliseconds.
 */
import { loadCertificateFonts } from '../src/rendering/certificateFonts.js';
import { createCertificateRenderer } from '../src/rendering/renderCertificate.js';
import { runFor, warmUp } from './stats.js';

interface Input {
  credentials: Record<string, unknown>[];
  publicUrl: string;
  seconds: number;
  rasterMode: 'async' | 'sync';
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
const renderer = createCertificateRenderer({
  fonts: loadCertificateFonts(),
  publicUrl: input.publicUrl,
  rasterMode: input.rasterMode,
});
let i = 0;
const next = () => renderer.png(input.credentials[i++ % input.credentials.length]!);
await warmUp(next);
const cpu = process.cpuUsage();
const sample = await runFor(next, { ms: input.seconds * 1000 });
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ renders: sample.ops, ms: sample.ms, cpuMs: (used.user + used.system) / 1000 })}\n`,
);
