package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import io.jkeras.util.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Softmax over one or more axes (Keras' {@code Softmax(axis=-1)}): {@code exp(x) / sum(exp(x), axis)}; no
 * weights. Several axes normalize over all of them together.
 *
 * <p>Masks (Keras' {@code mask} call argument, filled from the input's mask): a boolean mask that broadcasts to
 * the input NumPy-style (each of its axes, counted from the last, 1 or the input's size) keeps the positions
 * where it is true; the others get {@code -1e9} before the softmax and 0 after it (so a fully masked row gives
 * zeros, not a uniform distribution). The output carries the input's mask. A mask may also be given
 * explicitly, as Keras' {@code Softmax()(scores, mask=m)}; a non-boolean mask keeps the positions where it is
 * greater than 0.5.
 *
 * <pre>{@code
 * // scores (None, 4, 6), keep (None, 1, 6) with 1 for the keys to attend to
 * var weights = new Softmax().applyCall(List.of(scores), Map.of("mask", keep)).get(0);
 * }</pre>
 *
 * <pre>{@code
 * var p = new Softmax().apply(logits);              // over the last axis
 * var q = new Softmax(1).apply(scores);             // (None, 5, 7): over the 5
 * var r = new Softmax(1, 2).apply(map);             // (None, 4, 4, 3): each channel's 16 values sum to 1
 * }</pre>
 */
public final class Softmax extends BaseLayer<Softmax> {
  private final int[] axes;

  /** Over the last axis. */
  public Softmax() {
    this(-1);
  }

  /** Over {@code axes} (negative counts from the end). */
  public Softmax(int... axes) {
    if (axes == null || axes.length == 0) {
      throw new IllegalArgumentException("Softmax: argument 'axis' must name at least one axis");
    }
    this.axes = axes.clone();
  }

  /** Rebuilds the layer from Keras' config ({@code axis}: an int or a list of ints). */
  public static Softmax fromConfig(Map<String, ?> config) {
    Object a = config.get("axis");
    Softmax s = a == null ? new Softmax() : new Softmax(ConfigValues.axes(a, "Softmax"));
    s.applyBaseConfig(config);
    return s;
  }

  /** The axes as given. */
  public int[] axes() {
    return axes.clone();
  }

  /** The axes as sorted non-negative indices for an input of this rank. */
  public int[] normalizedAxes(int rank) {
    return Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().distinct().toArray();
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    for (int a : axes) {
      if (a >= in.numDimensions() || a < -in.numDimensions()) {
        throw error("axis " + a + " is out of range for an input of rank " + in.numDimensions() + ", shape "
            + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /**
   * The input's mask, passed on; when it is also the softmax's mask (no explicit {@code mask} argument), checked
   * to broadcast to the input as Keras' {@code call} does.
   */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    Optional<Shape> mask = inputMasks.isEmpty() ? Optional.empty() : inputMasks.get(0);
    if (inputShapes.size() == 1) {
      mask.ifPresent(m -> checkMaskBroadcasts(inputShapes.get(0), m));
    }
    return List.of(mask);
  }

  /** Keras' call argument {@code mask} (a tensor) may be passed with {@link #applyCall}. */
  @Override
  public boolean acceptsCallArguments() {
    return true;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> shapes, Map<String, Object> callArguments) {
    for (String k : callArguments.keySet()) {
      if (!"mask".equals(k)) {
        throw error("call argument '" + k + "' is not supported; supported: [mask]");
      }
    }
    Object mask = callArguments.get("mask");
    if (mask != null && !(mask instanceof io.jkeras.SymbolicTensor)) {
      throw error("call argument 'mask' must be a tensor, got " + mask);
    }
    int expected = mask == null ? 1 : 2;
    if (shapes.size() != expected) {
      throw error("expects 1 input" + (mask == null ? "" : " and a mask") + ", got " + shapes.size()
          + " tensors: " + formatShapes(shapes));
    }
    if (mask != null) {
      checkMaskBroadcasts(shapes.get(0), shapes.get(1));
    }
    return List.of(computeOutputShape(shapes.get(0)));
  }

  /** Keras' check: the mask has at most the input's rank and each axis from the last is 1 or the input's size. */
  void checkMaskBroadcasts(Shape in, Shape mask) {
    int r = in.numDimensions();
    int mr = mask.numDimensions();
    boolean ok = mr <= r;
    for (int k = 1; ok && k <= mr; k++) {
      long m = mask.get(mr - k);
      long i = in.get(r - k);
      ok = m < 0 || i < 0 || m == 1 || m == i;
    }
    if (!ok) {
      throw error("the mask must be broadcastable to the inputs: each mask axis, counted from the last, must be 1"
          + " or the input's size, and the mask must not have more axes; got inputs.shape=" + Shapes.format(in)
          + ", mask.shape=" + Shapes.format(mask));
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", ConfigValues.axesToConfig(axes));
    return c;
  }
}
