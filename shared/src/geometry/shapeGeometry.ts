import type { Outline } from '../catalog/catalog';
import type { Box } from './nodeGeometry';
import { wrapText } from './text';

/**
 * How plain shapes and text labels are drawn, in numbers both the canvas
 * (`client/src/canvas/nodes/ShapeNode.tsx`, `shapes.css`) and the exports use: the canvas
 * draws its outlines from these functions, and its label box is the one `shapeLabelBox`
 * gives, so a label wraps and sits where the export puts it.
 */
export const SHAPE_STYLE = { strokeWidth: 1.5, cornerRadius: 6 } as const;

/** The label of a shape or a text label: 14 px, regular weight, centred, padded inside its area. */
export const SHAPE_TEXT = { fontSize: 14, lineHeight: 1.35, padX: 8, padY: 6 } as const;

const LINE_BOX = SHAPE_TEXT.fontSize * SHAPE_TEXT.lineHeight;

/** The vertical radius of a cylinder's top and bottom ellipses. */
export function cylinderCap(w: number, h: number): number {
  return Math.max(2, Math.min(14, w / 5, h / 5));
}

/** `box` shrunk by half the stroke, so that the stroke is drawn inside the node's box. */
export function strokeBox(box: Box): Box {
  const inset = SHAPE_STYLE.strokeWidth / 2;
  return { x: box.x + inset, y: box.y + inset, w: Math.max(0, box.w - 2 * inset), h: Math.max(0, box.h - 2 * inset) };
}

/**
 * A cylinder in `box` (stroke box): `body` is its outline (the back of the top ellipse, the
 * sides, the front of the bottom one), filled; `rim` is the front of the top ellipse.
 */
export function cylinderPaths(box: Box): { body: string; rim: string } {
  const { x, y, w, h } = box;
  const rx = w / 2;
  const ry = cylinderCap(w, h);
  const f = (n: number) => String(Math.round(n * 100) / 100);
  const top = y + ry;
  const bottom = y + h - ry;
  return {
    body: `M${f(x)} ${f(top)}A${f(rx)} ${f(ry)} 0 0 1 ${f(x + w)} ${f(top)}V${f(bottom)}A${f(rx)} ${f(ry)} 0 0 1 ${f(x)} ${f(bottom)}Z`,
    rim: `M${f(x)} ${f(top)}A${f(rx)} ${f(ry)} 0 0 0 ${f(x + w)} ${f(top)}`,
  };
}

/**
 * Where a shape's label goes, relative to the node's top-left corner: the part of the shape
 * text may use (all of a rectangle or a text label, the rectangle inscribed in an ellipse,
 * a cylinder's face below its rim), padded, then cut to a whole number of lines (one at
 * least) and centred in it. The canvas clips its label to this box, so it shows the same
 * lines `shapeLabelLines` keeps.
 */
export function shapeLabelBox(outline: Outline, w: number, h: number): Box {
  const { padX, padY } = SHAPE_TEXT;
  let area: Box;
  switch (outline) {
    case 'ellipse': {
      const insetX = Math.max(padX, (w * (1 - Math.SQRT1_2)) / 2);
      const insetY = Math.max(padY, (h * (1 - Math.SQRT1_2)) / 2);
      area = { x: insetX, y: insetY, w: w - 2 * insetX, h: h - 2 * insetY };
      break;
    }
    case 'cylinder': {
      const top = 2 * cylinderCap(w, h) + padY;
      area = { x: padX, y: top, w: w - 2 * padX, h: h - padY - top };
      break;
    }
    default:
      area = { x: padX, y: padY, w: w - 2 * padX, h: h - 2 * padY };
  }
  const lines = Math.max(1, Math.floor(area.h / LINE_BOX + 1e-9));
  const height = lines * LINE_BOX;
  return { x: area.x, y: area.y + (area.h - height) / 2, w: Math.max(1, area.w), h: height };
}

/** The lines of a shape's label, wrapped to its label box and cut to the lines that box holds. */
export function shapeLabelLines(label: string, outline: Outline, w: number, h: number): string[] {
  const box = shapeLabelBox(outline, w, h);
  const lines = label === '' ? [] : wrapText(label, box.w, SHAPE_TEXT.fontSize, 400);
  return lines.slice(0, Math.round(box.h / LINE_BOX));
}

/**
 * The share of a label box's width that sizing counts on: the browser's sans-serif runs
 * slightly wider than the metrics here in places, so a box sized to these lines still
 * holds them on the canvas.
 */
export const FIT_WIDTH_SHARE = 0.92;

/**
 * The height at which a shape of width `w` shows every line of `label`: `h` when it already
 * does, else the least taller one (lines counted at FIT_WIDTH_SHARE of the label box).
 */
export function shapeHeightToFit(label: string, outline: Outline, w: number, h: number): number {
  if (label === '') return h;
  const fits = (height: number) => {
    const box = shapeLabelBox(outline, w, height);
    const lines = wrapText(label, box.w * FIT_WIDTH_SHARE, SHAPE_TEXT.fontSize, 400).length;
    return Math.round(box.h / LINE_BOX) >= lines;
  };
  if (fits(h)) return h;
  // Searched in 2 px steps: an ellipse's or a cylinder's text area does not grow in step
  // with its height, so there is no one formula for every outline.
  let height = Math.ceil(h);
  while (!fits(height) && height < h + 10_000) height += 2;
  return height;
}
