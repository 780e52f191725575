/**
 * Browsers cap a canvas's size (Chromium: 16,384 px a side and about 268 million pixels
 * in all) and past it draw nothing, silently: the blank PNGs other whiteboards export at
 * high scale. Within these limits the page rasterises itself; beyond them the caller asks
 * the server, which renders the same SVG with resvg and has no such cap.
 */
export const CANVAS_MAX_SIDE = 16_384;
export const CANVAS_MAX_PIXELS = 120_000_000;

export const fitsCanvas = (width: number, height: number, scale: number): boolean =>
  width * scale <= CANVAS_MAX_SIDE &&
  height * scale <= CANVAS_MAX_SIDE &&
  width * height * scale * scale <= CANVAS_MAX_PIXELS;

/** Draws an export SVG (of `width` × `height` px) onto a canvas at `scale` and encodes it as PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gave no canvas to draw on');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
