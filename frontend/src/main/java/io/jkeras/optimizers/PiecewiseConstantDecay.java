package io.jkeras.optimizers;

import com.google.common.primitives.Doubles;
import com.google.common.primitives.Longs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code keras.optimizers.schedules.PiecewiseConstantDecay}: {@code values[0]} while {@code step <=
 * boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]}, the last value after
 * the last boundary.
 *
 * <pre>{@code
 * new SGD().learningRate(new PiecewiseConstantDecay(new long[] {100000, 110000}, new double[] {1.0, 0.5, 0.1}));
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (values.length != boundaries.length + 1) {
      throw new IllegalArgumentException("PiecewiseConstantDecay: the length of values must be the length of "
          + "boundaries plus 1; got boundaries=" + Arrays.toString(boundaries) + ", values="
          + Arrays.toString(values));
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public double at(long step) {
    for (int i = 0; i < boundaries.length; i++) {
      if (step <= boundaries[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  @Override
  public String className() {
    return "PiecewiseConstantDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("boundaries", Longs.asList(boundaries));
    c.put("values", Doubles.asList(values));
    c.put("name", "PiecewiseConstant");
    return c;
  }
}
