/** The drag-and-drop type a palette item carries; its data is the catalogue id. */
export const PALETTE_DRAG_TYPE = 'application/x-archboard-kind';

export const isPaletteDrag = (event: { dataTransfer: DataTransfer | null }): boolean =>
  event.dataTransfer?.types.includes(PALETTE_DRAG_TYPE) ?? false;
