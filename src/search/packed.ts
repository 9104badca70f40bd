/**
 * Many short lists of integers in one flat array: a per-list typed array costs more in object
 * overhead than its contents when there are tens of thousands of them.
 */
export class PackedLists {
  private starts: number[] | Int32Array = [0];
  private data: number[] | IntArray = [];

  push(list: readonly number[]): void {
    const data = this.data as number[];
    for (let i = 0; i < list.length; i++) data.push(list[i]);
    (this.starts as number[]).push(this.data.length);
  }

  /** Call once every list is pushed. */
  seal(): void {
    this.starts = Int32Array.from(this.starts);
    this.data = compactInts(this.data as number[]);
  }

  get(index: number): IntArray {
    return (this.data as IntArray).subarray(this.starts[index], this.starts[index + 1]);
  }
}

export type IntArray = Uint16Array | Int32Array;

/** Non-negative integers in the narrowest typed array that holds them (half the space below 65,536). */
export function compactInts(values: ArrayLike<number>): IntArray {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max < 0x10000 ? Uint16Array.from(values) : Int32Array.from(values);
}
