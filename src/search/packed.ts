/**
 * Many short lists of integers in one flat array: a per-list typed array costs more in object
 * overhead than its contents when there are tens of thousands of them.
 */
export class PackedLists {
  private starts: number[] | Int32Array = [0];
  /** While lists are pushed, a buffer doubled when full (growing an array element by element cost more); sealed, the data exactly. */
  private data: IntArray = new Int32Array(1 << 12);
  private length = 0;

  push(list: readonly number[]): void {
    if (this.length + list.length > this.data.length) {
      const bigger = new Int32Array(Math.max(this.data.length * 2, this.length + list.length));
      bigger.set(this.data);
      this.data = bigger;
    }
    const data = this.data;
    for (let i = 0; i < list.length; i++) data[this.length++] = list[i];
    (this.starts as number[]).push(this.length);
  }

  /** Call once every list is pushed. */
  seal(): void {
    this.starts = Int32Array.from(this.starts);
    this.data = compactInts(this.data.subarray(0, this.length));
  }

  get(index: number): IntArray {
    return this.data.subarray(this.starts[index], this.starts[index + 1]);
  }
}

export type IntArray = Uint16Array | Int32Array;

/** Non-negative integers in the narrowest typed array that holds them (half the space below 65,536). */
export function compactInts(values: ArrayLike<number>): IntArray {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max < 0x10000 ? Uint16Array.from(values) : Int32Array.from(values);
}
