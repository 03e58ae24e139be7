/**
 * The site's icon: /favicon.svg for browsers that take an SVG icon, /favicon.ico (one
 * 32x32 PNG inside an ICO) for those that ask for the default path. Fixed bytes built
 * once, cached by browsers for a day.
 */
import { Hono } from 'hono';

/** The icon: a rosette with a tick, in the header's navy and the focus ring's amber. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b3a6e"/><path d="M10.5 19.5 8 29l4-1.8L14.6 30l1.6-8.5M21.5 19.5 24 29l-4-1.8-2.6 2.8-1.6-8.5" fill="#f0a500"/><circle cx="16" cy="13.5" r="9" fill="#fff"/><path d="m11.8 13.8 3 3 5.6-6" fill="none" stroke="#0b3a6e" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>';

/**
 * FAVICON_SVG rendered at 32x32 by @resvg/resvg-js (test/http/pages/siteAssets.test.ts
 * renders it again and fails when the two differ, so the ICO never drifts from the SVG).
 */
export const FAVICON_PNG_32 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAD+klEQVR4nL2XfUxVZRzHv8+FJAOEWi+ry5Y6XOVLUluw4UtsreSy/oDy0orWMNloqReqPyxsAW1S/lFeClpsmq5FTbDkD+elWhuGuUFboqLpQNSNO+fLFMQ3fLnH7+/cHbyXe+45B1E/23nO9/ec3fP7Pr/nec7uoxBBel5l+vWroQoNKGSYxetO0sNkbYlTXPVDHf4hxjrsC5OaW1mqqdB6TUM6w7uGUhhSmuuDkd3+zSC6AUkeQmgT5T3DBdcyMaH0sl8LHb3bIx+PVCLxPtcMlZLrq9GAavY55snHH8K8TDeeneVmBOzrC2J/fxDHT5xl5ByWv1Yl5/r2UGfxsmXR85moWpbP+yxGsXT+14e6Te289zNyRI8Y0Chs+X7NW3i7IIfKnp92dOG9tT9T2ePIwESSGzg1YWugarkHVe/mU02cuh/aUbcxQBUfSwPpqVPR2/oZ7w8wsmdf3yC2d/bife9i/TdDI5cw1/s575f51BxLAyuK87CuoojKHklesKpBT1biyUbTpyXsBVbXb0NjSwfiYWkg0LAKi57LpLImMrkgUyZTJ3Tu6Ydn5bdU5lgaGGz/Qi+lwXctO7n/n4jahlJmSS7fAiFy9II8z8j/hMocSwMX/qlnG6ZxSwdWf7ON6taukJdbJTdIWVDB1hxLA8Hfv0RaylQqlpIfGQ+TGazzFaE50G2bfPjCZbiXfExljqWB8Wsg3t6Wz3KgYWXUdBlMag2sKM6L2QXjTVglFya1C+Q7cGBr9dg0GBgm7JJL+ecsreVaCe8OMywNCLKdZFvdDpP+Eho0rSlBSUE2lXOad3SjfG0zlTWODAiHmxbCPddLZU+wtxVPle+isseRgbSkURwsa0LCo3m4f14NEh97kb2xXD+5E1f21+DGqQ64G33ssceRgfyZA9jo2U4VRiVPR8KDWfol3DjXo1/axWMwWB54Fe0DM6mscWSgduHfKJvfQxXNwTOPsAVmP3yabTQb9mahetdiKmscGfjjjV8wxyRJ66Fn2ALep/9nG80Bmntly5tU1tgaMObfjBqOcFrSKD58oYtRLLM3lGN4NIkqPip5gY+Th/nUphRzdOtf+pMqFm/b62xZicJf2cZiuw4U9tr+LfczuZR4cGQavurO4YI8giUzBvgkPELBqJBMye5gBj7K7kJG6nk9rvzrZT4xR/9brh9MrmrHNGhp7ItBDMhLW/gyQaZka+FveulzfiyF0PXOZpxnqZe2vTZWcqlcrnswrgEFNZw4RU1X1BM+momJMu4KqYggu+Trf3PGkjvBleAqGun0t+kGBDHBKvh5mVbiTiEjVwmqVJIzZBxBeDpClZri8dxiYd4WsuA0/Xjujzye3wQlp60mm7hRtAAAAABJRU5ErkJggg==';

/** Wraps one PNG in an ICO container (ICONDIR, one ICONDIRENTRY, the PNG; Vista+ reads PNG entries). */
export function pngIco(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6); // width (0 means 256)
  header.writeUInt8(size >= 256 ? 0 : size, 7); // height
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14); // image size
  header.writeUInt32LE(22, 18); // image offset
  return Buffer.concat([header, png]);
}

const FAVICON_ICO = pngIco(Buffer.from(FAVICON_PNG_32, 'base64'), 32);
const DAY = 'public, max-age=86400';

/** Routes for the icon, mounted at the root (no session, no CSRF: fixed bytes). */
export function siteAssetRoutes<E extends object>(): Hono<E> {
  return new Hono<E>()
    .get('/favicon.svg', (c) =>
      c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': DAY }),
    )
    .get('/favicon.ico', (c) =>
      c.body(new Uint8Array(FAVICON_ICO), 200, { 'content-type': 'image/x-icon', 'cache-control': DAY }),
    );
}
