package io.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras 3's optimizer names, defaults and config keys (keras.io/api/optimizers). */
class OptimizersTest {

  @Test
  void namesResolveCaseInsensitively() {
    assertInstanceOf(Adam.class, Optimizers.get("adam"));
    assertInstanceOf(Adam.class, Optimizers.get("Adam"));
    assertInstanceOf(SGD.class, Optimizers.get("sgd"));
    assertInstanceOf(SGD.class, Optimizers.get("SGD"));
    assertInstanceOf(RMSprop.class, Optimizers.get("rmsprop"));
    assertInstanceOf(Adagrad.class, Optimizers.get("adagrad"));
    assertInstanceOf(Adadelta.class, Optimizers.get("adadelta"));
    assertInstanceOf(Nadam.class, Optimizers.get("nadam"));
    assertInstanceOf(AdamW.class, Optimizers.get("adamw"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamax2"));
    assertTrue(e.getMessage().contains("adamax2") && e.getMessage().contains("rmsprop"), e.getMessage());
  }

  @Test
  void kerasDefaults() {
    SGD sgd = new SGD();
    assertEquals(0.01, sgd.learningRate());
    assertEquals(0.0, sgd.momentum());
    assertFalse(sgd.nesterov());
    Adam adam = new Adam();
    assertEquals(0.001, adam.learningRate());
    assertEquals(0.9, adam.beta1());
    assertEquals(0.999, adam.beta2());
    assertEquals(1e-7, adam.epsilon());
    assertFalse(adam.amsgrad());
    assertTrue(adam.weightDecay().isEmpty());
    AdamW adamw = new AdamW();
    assertEquals(0.004, adamw.weightDecay().orElseThrow());
    assertEquals(0.001, adamw.learningRate());
    RMSprop rms = new RMSprop();
    assertEquals(0.001, rms.learningRate());
    assertEquals(0.9, rms.rho());
    assertEquals(0.0, rms.momentum());
    assertEquals(1e-7, rms.epsilon());
    assertFalse(rms.centered());
    Adagrad ag = new Adagrad();
    assertEquals(0.001, ag.learningRate());
    assertEquals(0.1, ag.initialAccumulatorValue());
    assertEquals(1e-7, ag.epsilon());
    Adadelta ad = new Adadelta();
    assertEquals(0.001, ad.learningRate());
    assertEquals(0.95, ad.rho());
    assertEquals(1e-7, ad.epsilon());
    Nadam na = new Nadam();
    assertEquals(0.001, na.learningRate());
    assertEquals(0.9, na.beta1());
    assertEquals(0.999, na.beta2());
    assertEquals(1e-7, na.epsilon());
  }

  @Test
  void configKeysAndNamesAsKeras() {
    Map<String, Object> c = new Adam().getConfig();
    assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
        "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
        "beta_1", "beta_2", "epsilon", "amsgrad"), List.copyOf(c.keySet()));
    assertEquals("adam", c.get("name"));
    assertEquals("SGD", new SGD().getConfig().get("name"));
    assertEquals("rmsprop", new RMSprop().getConfig().get("name"));
    assertEquals("adamw", new AdamW().getConfig().get("name"));
    assertEquals("adagrad", new Adagrad().getConfig().get("name"));
    assertEquals(0.004, new AdamW().getConfig().get("weight_decay"));
    assertTrue(new SGD().getConfig().keySet().containsAll(List.of("momentum", "nesterov")));
    assertTrue(new RMSprop().getConfig().keySet().containsAll(List.of("rho", "momentum", "epsilon", "centered")));
    assertTrue(new Adagrad().getConfig().keySet().containsAll(List.of("initial_accumulator_value", "epsilon")));
  }

  @Test
  void configRoundTrip() {
    Optimizer o = new RMSprop(0.01).rho(0.8).centered(true).clipnorm(2.0);
    RMSprop back = (RMSprop) Optimizers.fromConfig(Map.of("class_name", "RMSprop", "config", o.getConfig()));
    assertEquals(0.01, back.learningRate());
    assertEquals(0.8, back.rho());
    assertTrue(back.centered());
    assertEquals(2.0, back.clipnorm().orElseThrow());
    Adam a = (Adam) Optimizers.fromConfig("Adam", new Adam(0.002).amsgrad(true).getConfig());
    assertTrue(a.amsgrad());
    assertEquals(0.002, a.learningRate());
    Optimizer s = Optimizers.fromConfig("SGD",
        Map.of("learning_rate", Map.of("class_name", "ExponentialDecay", "config",
            new ExponentialDecay(0.1, 10, 0.5).getConfig())));
    assertEquals(0.05, s.schedule().orElseThrow().at(10), 1e-12);
  }

  @Test
  void onlyOneClipArgument() {
    String only = "Adam: only one of clipnorm, clipvalue and global_clipnorm can be set (as in Keras); cannot set ";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam().clipnorm(1).clipvalue(1))
        .getMessage().startsWith(only + "clipvalue as well (clipnorm=1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam().clipvalue(1).globalClipnorm(1))
        .getMessage().startsWith(only + "global_clipnorm as well"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam().globalClipnorm(1).clipnorm(1))
        .getMessage().startsWith(only + "clipnorm as well"));
    String beta = assertThrows(IllegalArgumentException.class, () -> new Adam().beta1(1.0)).getMessage();
    assertTrue(beta.contains("beta_1") && beta.contains("1.0"), beta);
    assertEquals("SGD: learning_rate must be a finite number >= 0, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1)).getMessage());
    assertNull(new Adam().getConfig().get("clipnorm"));
  }

  @Test
  void schedulesFollowKerasFormulas() {
    ExponentialDecay e = new ExponentialDecay(0.1, 100, 0.96);
    assertEquals(0.1 * Math.pow(0.96, 250 / 100.0), e.at(250), 1e-12);
    ExponentialDecay st = new ExponentialDecay(0.1, 100, 0.96, true);
    assertEquals(0.1 * Math.pow(0.96, 2), st.at(250), 1e-12);
    assertEquals(0.1, e.initialLearningRate(), 1e-12);

    // keras.io example: boundaries [100000, 110000], values [1.0, 0.5, 0.1]
    PiecewiseConstantDecay p = new PiecewiseConstantDecay(new long[] {100000, 110000}, new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, p.at(0));
    assertEquals(1.0, p.at(100000));
    assertEquals(0.5, p.at(100001));
    assertEquals(0.5, p.at(110000));
    assertEquals(0.1, p.at(110001));
    String pw = assertThrows(IllegalArgumentException.class,
        () -> new PiecewiseConstantDecay(new long[] {1}, new double[] {1.0})).getMessage();
    assertTrue(pw.startsWith("PiecewiseConstantDecay: the length of values must be the length of boundaries plus 1;"
        + " got boundaries=[1], values=[1.0]"), pw);

    CosineDecay c = new CosineDecay(0.1, 1000).alpha(0.1);
    double frac = 300 / 1000.0;
    assertEquals(0.1 * ((1 - 0.1) * 0.5 * (1 + Math.cos(Math.PI * frac)) + 0.1), c.at(300), 1e-12);
    assertEquals(0.1 * 0.1, c.at(5000), 1e-12); // clamped at decay_steps: alpha · initial
    CosineDecay w = new CosineDecay(0.0, 1000).warmup(0.2, 100);
    assertEquals(0.2 * 50 / 100.0, w.at(50), 1e-12); // linear warm-up from 0 to 0.2
    assertEquals(0.2 * 0.5 * (1 + Math.cos(Math.PI * 400 / 1000.0)), w.at(500), 1e-12);
    assertEquals(List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"),
        List.copyOf(c.getConfig().keySet()));
  }

  @Test
  void learningRateAtEvaluatesTheScheduleAtTheIterationCount() {
    Optimizer o = new SGD().learningRate(new ExponentialDecay(0.1, 10, 0.5));
    assertEquals(0.1, o.learningRateAt(0), 1e-12);
    assertEquals(0.05, o.learningRateAt(10), 1e-12);
    assertEquals(0.01, new SGD().learningRateAt(123), 0.0);
  }
}
