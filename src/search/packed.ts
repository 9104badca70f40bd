/**
 * Many short lists of integers in one flat array: a per-list typed array costs more in object
 * overhead than its contents when there are tens of thousands of them.
 */
export class PackedLists {
  private starts: number[] | Int32Array = [0];
  private data: number[] | Int32Array = [];

  push(list: readonly number[]): void {
    (this.data as number[]).push(...list);
    (this.starts as number[]).push(this.data.length);
  }

  /** Call once every list is pushed. */
  seal(): void {
    this.starts = Int32Array.from(this.starts);
    this.data = Int32Array.from(this.data);
  }

  get(index: number): Int32Array {
    return (this.data as Int32Array).subarray(this.starts[index], this.starts[index + 1]);
  }
}
