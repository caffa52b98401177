package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Parametric rectified linear unit (Keras' {@code PReLU(alpha_initializer="Zeros", alpha_regularizer=None,
 * alpha_constraint=None, shared_axes=None)}): {@code f(x) = x} for {@code x >= 0}, {@code alpha * x} otherwise,
 * with a learned {@code alpha} of the input's non-batch shape, size 1 along the {@code shared_axes} (1-based
 * axes, the batch axis is 0). Parameters: the product of that shape.
 *
 * <pre>{@code
 * var x = Input.of(28, 28, 32);
 * var a = new PReLU().apply(x);                     // alpha (28, 28, 32): 25,088 params
 * var b = new PReLU().sharedAxes(1, 2).apply(x);    // alpha (1, 1, 32): 32 params
 * }</pre>
 */
public final class PReLU extends BaseLayer<PReLU> {
  private Initializer alphaInitializer = Initializers.get("zeros");
  private Regularizer alphaRegularizer;
  private Constraint alphaConstraint;
  private int[] sharedAxes;

  public PReLU() {}

  /** Rebuilds the layer from Keras' config. */
  public static PReLU fromConfig(Map<String, ?> config) {
    PReLU p = new PReLU();
    p.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "alpha_initializer", v -> p.alphaInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "alpha_regularizer", v -> p.alphaRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "alpha_constraint", v -> p.alphaConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "shared_axes", v -> {
      if (v instanceof Number n) {
        p.sharedAxes(n.intValue());
      } else if (v instanceof List<?> l) {
        int[] axes = new int[l.size()];
        for (int i = 0; i < axes.length; i++) {
          if (!(l.get(i) instanceof Number n)) {
            throw new IllegalArgumentException("PReLU config: 'shared_axes' must hold integers, got " + v);
          }
          axes[i] = n.intValue();
        }
        p.sharedAxes(axes);
      } else {
        throw new IllegalArgumentException("PReLU config: 'shared_axes' must be an integer or a list, got " + v);
      }
    });
    return p;
  }

  public PReLU alphaInitializer(Initializer initializer) {
    checkConfigurable("alpha_initializer");
    this.alphaInitializer = Objects.requireNonNull(initializer, "alpha_initializer");
    return this;
  }

  public PReLU alphaInitializer(String name) {
    return alphaInitializer(LayerConfigs.initializer(this, "alpha_initializer", name));
  }

  public PReLU alphaRegularizer(Regularizer regularizer) {
    checkConfigurable("alpha_regularizer");
    this.alphaRegularizer = regularizer;
    return this;
  }

  public PReLU alphaConstraint(Constraint constraint) {
    checkConfigurable("alpha_constraint");
    this.alphaConstraint = constraint;
    return this;
  }

  /** Axes (1-based) along which one alpha is shared, e.g. {@code 1, 2} for one alpha per channel of an image. */
  public PReLU sharedAxes(int... axes) {
    checkConfigurable("shared_axes");
    if (axes != null) {
      for (int a : axes) {
        if (a < 1) {
          throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (PReLU): argument 'shared_axes'"
              + " holds axes counted from 1 (the batch axis 0 is always shared), got " + Arrays.toString(axes));
        }
      }
    }
    this.sharedAxes = axes == null ? null : axes.clone();
    return this;
  }

  /** The shared axes, {@code null} for none. */
  public int[] sharedAxes() {
    return sharedAxes == null ? null : sharedAxes.clone();
  }

  /** The shape of {@code alpha} for an input of this shape. */
  public Shape alphaShape(Shape in) {
    long[] shape = in.tail().asArray();
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        shape[a - 1] = 1;
      }
    }
    return Shape.of(shape);
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() < 2) {
      throw error("expects an input of rank >= 2 (batch, ...), got shape " + Shapes.format(in));
    }
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        if (a >= in.numDimensions()) {
          throw error("shared axis " + a + " is out of range for an input of shape " + Shapes.format(in));
        }
      }
    }
    Shape alpha = alphaShape(in);
    if (alpha.hasUnknownDimension()) {
      throw error("the input's non-shared dimensions must be known to size alpha, got shape " + Shapes.format(in)
          + (sharedAxes == null ? "" : " with shared_axes " + Arrays.toString(sharedAxes)));
    }
    if (isBuilt()) {
      Shape built = alphaShape(buildInputShapes().get(0));
      if (!Arrays.equals(built.asArray(), alpha.asArray())) {
        throw error("the layer was built for " + Shapes.format(buildInputShapes().get(0)) + " (alpha "
            + Shapes.format(built) + "), got shape " + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  protected void build(Shape inputShape) {
    addWeight("alpha", alphaShape(inputShape), alphaInitializer, alphaRegularizer, alphaConstraint, true);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("alpha_initializer", alphaInitializer);
    c.put("alpha_regularizer", alphaRegularizer);
    c.put("alpha_constraint", alphaConstraint);
    List<Integer> shared = null;
    if (sharedAxes != null) {
      shared = new ArrayList<>();
      for (int a : sharedAxes) {
        shared.add(a);
      }
    }
    c.put("shared_axes", shared);
    return c;
  }
}
