package io.jkeras.layers;

/**
 * The shared part of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D} (Keras' {@code
 * BaseGlobalPooling}): a reduction over both spatial axes of a rank-4 input (batch, rows, cols, channels),
 * keeping them as size 1 with {@code keepdims}.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class GlobalPooling2D<L extends GlobalPooling2D<L>> extends BaseGlobalPooling<L> {
  protected GlobalPooling2D() {
    super(2, "(batch, rows, cols, channels)");
  }

  /** The axes the runtime reduces: {@code {1, 2}} for channels_last, {@code {2, 3}} for channels_first. */
  public int[] reductionAxes() {
    return "channels_last".equals(dataFormat()) ? new int[] {1, 2} : new int[] {2, 3};
  }
}
