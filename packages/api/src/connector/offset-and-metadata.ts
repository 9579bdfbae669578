/** A consumer offset to commit for a partition (the offset of the next record to read). */
export class OffsetAndMetadata {
  constructor(
    readonly offset: number,
    readonly metadata: string = '',
  ) {}
}
