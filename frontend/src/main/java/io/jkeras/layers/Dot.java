package io.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The dot product of the samples of exactly two tensors along one axis of each (Keras' {@code Dot(axes,
 * normalize=False)}); no weights. The output shape is the first input's shape without its axis followed by the
 * second's without its batch dimension and its axis; a result of rank 1 becomes {@code (batch, 1)}. With {@code
 * normalize}, both inputs are L2-normalized along their axis first, so that the result is the cosine
 * similarity.
 *
 * <pre>{@code
 * var sim = new Dot(1).normalize(true).apply(a, b);    // (None, 8), (None, 8) -> (None, 1)
 * var att = new Dot(2, 2).apply(q, k);                 // (None, 5, 4), (None, 7, 4) -> (None, 5, 7)
 * }</pre>
 */
public final class Dot extends Merge<Dot> {
  private final int[] axes;
  private final boolean pair;
  private boolean normalize;

  /** The same axis of both inputs (negative counts from the end of each input's shape). */
  public Dot(int axes) {
    this.axes = new int[] {axes, axes};
    this.pair = false;
  }

  /** Axis {@code axis1} of the first input against axis {@code axis2} of the second. */
  public Dot(int axis1, int axis2) {
    this.axes = new int[] {axis1, axis2};
    this.pair = true;
  }

  /** Rebuilds the layer from Keras' config ({@code axes}: an int or a list of two ints). */
  public static Dot fromConfig(Map<String, ?> config) {
    Object a = config.get("axes");
    Dot d;
    if (a instanceof Number n) {
      d = new Dot(n.intValue());
    } else if (a instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a0
        && l.get(1) instanceof Number a1) {
      d = new Dot(a0.intValue(), a1.intValue());
    } else {
      throw new IllegalArgumentException(
          "Dot config: 'axes' must be an integer or a list of two integers, got " + a);
    }
    d.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "normalize", v -> d.normalize((Boolean) v));
    return d;
  }

  /** Whether to L2-normalize both inputs along their dot axis first (cosine similarity); false by default. */
  public Dot normalize(boolean normalize) {
    checkConfigurable("normalize");
    this.normalize = normalize;
    return this;
  }

  public boolean normalize() {
    return normalize;
  }

  /** The axes as given, one per input. */
  public int[] axes() {
    return axes.clone();
  }

  /** The axes as non-negative indices for inputs of these ranks (Keras: {@code axis % rank}). */
  public int[] normalizedAxes(int rank1, int rank2) {
    return new int[] {Math.floorMod(axes[0], rank1), Math.floorMod(axes[1], rank2)};
  }

  @Override
  protected int minInputs() {
    return 2;
  }

  @Override
  protected int maxInputs() {
    return 2;
  }

  @Override
  protected String verb() {
    return "multiplied";
  }

  /** No mask on the output (Keras' {@code Dot.compute_mask} returns None), and no warning either. */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    return List.of(Optional.empty());
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputs) {
    checkInputCount(inputs);
    Shape s1 = inputs.get(0);
    Shape s2 = inputs.get(1);
    if (s1.numDimensions() < 2 || s2.numDimensions() < 2) {
      throw error("cannot do batch_dot on inputs with rank < 2; got shapes " + formatShapes(inputs));
    }
    int[] ax = normalizedAxes(s1.numDimensions(), s2.numDimensions());
    if (axes[0] >= s1.numDimensions() || axes[1] >= s2.numDimensions()
        || axes[0] < -s1.numDimensions() || axes[1] < -s2.numDimensions()) {
      throw error("axes " + axesString() + " are out of range for input shapes " + formatShapes(inputs));
    }
    if (ax[0] == 0 || ax[1] == 0) {
      throw error("cannot perform batch_dot over axis 0 (the batch axis); axes " + axesString()
          + ", input shapes " + formatShapes(inputs));
    }
    long b1 = s1.get(0);
    long b2 = s2.get(0);
    if (b1 != Shape.UNKNOWN_SIZE && b2 != Shape.UNKNOWN_SIZE && b1 != b2) {
      throw error("cannot do batch_dot on inputs with different batch sizes; got shapes " + formatShapes(inputs));
    }
    long d1 = s1.get(ax[0]);
    long d2 = s2.get(ax[1]);
    if (d1 != Shape.UNKNOWN_SIZE && d2 != Shape.UNKNOWN_SIZE && d1 != d2) {
      throw error("incompatible input shapes: axis values " + d1 + " (at axis " + ax[0] + ") != " + d2
          + " (at axis " + ax[1] + "); full input shapes: " + formatShapes(inputs));
    }
    List<Long> out = new ArrayList<>();
    out.add(b1 != Shape.UNKNOWN_SIZE ? b1 : b2);
    for (int i = 1; i < s1.numDimensions(); i++) {
      if (i != ax[0]) {
        out.add(s1.get(i));
      }
    }
    for (int i = 1; i < s2.numDimensions(); i++) {
      if (i != ax[1]) {
        out.add(s2.get(i));
      }
    }
    if (out.size() == 1) {
      out.add(1L);
    }
    return List.of(Shape.of(out.stream().mapToLong(Long::longValue).toArray()));
  }

  private String axesString() {
    return pair ? Arrays.toString(axes) : Integer.toString(axes[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axes", pair ? List.of(axes[0], axes[1]) : axes[0]);
    c.put("normalize", normalize);
    return c;
  }
}
