package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Repeats a rank-2 input {@code n} times along a new axis 1 (Keras' {@code RepeatVector(n)}): {@code (batch,
 * features)} becomes {@code (batch, n, features)}; no weights.
 *
 * <pre>{@code
 * var x = Input.of(32);
 * var y = new RepeatVector(3).apply(x);     // (None, 3, 32)
 * }</pre>
 */
public final class RepeatVector extends BaseLayer<RepeatVector> {
  private final int n;

  /** @param n the number of repetitions, &gt; 0 */
  public RepeatVector(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("RepeatVector: argument 'n' must be a positive integer, got " + n);
    }
    this.n = n;
  }

  /** Rebuilds the layer from Keras' config. */
  public static RepeatVector fromConfig(Map<String, ?> config) {
    RepeatVector r = new RepeatVector(LayerConfigs.intArg(config, "n", "RepeatVector"));
    r.applyBaseConfig(config);
    return r;
  }

  public int n() {
    return n;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 2) {
      throw error("expects an input of rank 2 (batch, features), got shape " + Shapes.format(in));
    }
    return Shape.of(in.get(0), n, in.get(1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("n", n);
    return c;
  }
}
