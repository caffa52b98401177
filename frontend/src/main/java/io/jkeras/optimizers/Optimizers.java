package io.jkeras.optimizers;

import com.google.common.primitives.Doubles;
import com.google.common.primitives.Longs;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Optimizers by Keras name (case-insensitive, as Keras' {@code keras.optimizers.get}) and from Keras' config.
 *
 * <pre>{@code
 * Optimizer opt = Optimizers.get("adam");                  // Adam with Keras' defaults
 * Optimizer same = Optimizers.fromConfig(opt.className(), opt.getConfig());
 * }</pre>
 */
public final class Optimizers {
  private static final Map<String, Supplier<Optimizer>> BY_NAME = Map.of(
      "sgd", SGD::new,
      "adam", Adam::new,
      "adamw", AdamW::new,
      "rmsprop", RMSprop::new,
      "adagrad", Adagrad::new,
      "adadelta", Adadelta::new,
      "nadam", Nadam::new);

  /** The names {@link #get} accepts, lower case. */
  public static final List<String> NAMES = List.of("adadelta", "adagrad", "adam", "adamw", "nadam", "rmsprop", "sgd");

  private Optimizers() {}

  /** A new optimizer with Keras' defaults for a Keras name ({@code adam}, {@code SGD}, {@code rmsprop}, ...). */
  public static Optimizer get(String name) {
    Supplier<Optimizer> s = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
    if (s == null) {
      throw new IllegalArgumentException("Unknown optimizer '" + name + "'; known: " + NAMES);
    }
    return s.get();
  }

  /**
   * Rebuilds an optimizer from Keras' serialized form: a name, or {@code {"class_name": ..., "config":
   * {...}}}.
   */
  public static Optimizer fromConfig(Object serialized) {
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> m && m.get("class_name") instanceof String cn) {
      Object config = m.get("config");
      return fromConfig(cn, config instanceof Map<?, ?> c ? c : Map.of());
    }
    throw new IllegalArgumentException("Cannot read an optimizer from " + serialized);
  }

  /** Rebuilds an optimizer from its class name and Keras' config keys. */
  public static Optimizer fromConfig(String className, Map<?, ?> config) {
    Optimizer o = get(className);
    Object lr = config.get("learning_rate");
    if (lr instanceof Number n) {
      o.learningRate(n.doubleValue());
    } else if (lr instanceof LearningRateSchedule sched) {
      o.learningRate(sched);
    } else if (lr instanceof Map<?, ?> sm) {
      o.learningRate(scheduleFromConfig(sm));
    }
    ifSet(config, "weight_decay", o::weightDecay);
    ifSet(config, "clipnorm", o::clipnorm);
    ifSet(config, "clipvalue", o::clipvalue);
    ifSet(config, "global_clipnorm", o::globalClipnorm);
    if (o instanceof SGD s) {
      ifSet(config, "momentum", s::momentum);
      if (config.get("nesterov") instanceof Boolean b) {
        s.nesterov(b);
      }
    } else if (o instanceof Adam a) {
      ifSet(config, "beta_1", a::beta1);
      ifSet(config, "beta_2", a::beta2);
      ifSet(config, "epsilon", a::epsilon);
      if (config.get("amsgrad") instanceof Boolean b) {
        a.amsgrad(b);
      }
    } else if (o instanceof RMSprop r) {
      ifSet(config, "rho", r::rho);
      ifSet(config, "momentum", r::momentum);
      ifSet(config, "epsilon", r::epsilon);
      if (config.get("centered") instanceof Boolean b) {
        r.centered(b);
      }
    } else if (o instanceof Adagrad a) {
      ifSet(config, "initial_accumulator_value", a::initialAccumulatorValue);
      ifSet(config, "epsilon", a::epsilon);
    } else if (o instanceof Adadelta a) {
      ifSet(config, "rho", a::rho);
      ifSet(config, "epsilon", a::epsilon);
    } else if (o instanceof Nadam a) {
      ifSet(config, "beta_1", a::beta1);
      ifSet(config, "beta_2", a::beta2);
      ifSet(config, "epsilon", a::epsilon);
    }
    return o;
  }

  /** Rebuilds a schedule from {@code {"class_name": ..., "config": {...}}}. */
  public static LearningRateSchedule scheduleFromConfig(Map<?, ?> serialized) {
    Object cn = serialized.get("class_name");
    Map<?, ?> c = serialized.get("config") instanceof Map<?, ?> m ? m : Map.of();
    if ("ExponentialDecay".equals(cn)) {
      return new ExponentialDecay(number(c, "initial_learning_rate"), number(c, "decay_steps").longValue(),
          number(c, "decay_rate"), Boolean.TRUE.equals(c.get("staircase")));
    }
    if ("PiecewiseConstantDecay".equals(cn)) {
      List<?> b = (List<?>) c.get("boundaries");
      List<?> v = (List<?>) c.get("values");
      return new PiecewiseConstantDecay(
          Longs.toArray(b.stream().map(x -> ((Number) x).longValue()).toList()),
          Doubles.toArray(v.stream().map(x -> ((Number) x).doubleValue()).toList()));
    }
    if ("CosineDecay".equals(cn)) {
      CosineDecay d = new CosineDecay(number(c, "initial_learning_rate"), number(c, "decay_steps").longValue());
      Double alpha = number(c, "alpha");
      if (alpha != null) {
        d.alpha(alpha);
      }
      Double target = number(c, "warmup_target");
      if (target != null) {
        Double steps = number(c, "warmup_steps");
        d.warmup(target, steps == null ? 0 : steps.longValue());
      }
      return d;
    }
    throw new IllegalArgumentException("Unknown learning rate schedule '" + cn
        + "'; known: [CosineDecay, ExponentialDecay, PiecewiseConstantDecay]");
  }

  private static Double number(Map<?, ?> c, String key) {
    return c.get(key) instanceof Number n ? n.doubleValue() : null;
  }

  private static void ifSet(Map<?, ?> c, String key, java.util.function.DoubleConsumer setter) {
    Double v = number(c, key);
    if (v != null) {
      setter.accept(v);
    }
  }
}
