package io.jkeras.tf.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.optimizers.Adadelta;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Each optimizer's steps on a two-element variable with fed gradients, against Keras 3's update formula (from
 * keras/src/optimizers/*.py) computed here in double precision.
 */
class TfOptimizersTest {
  static final double[] W0 = {1.0, -2.0};
  static final double[][] G = {{0.5, -1.5}, {-0.25, 2.0}};
  static final double[] LR = {0.1, 0.05};

  /** Runs the optimizer's steps (gradients G, rates LR) and returns the variable after each step. */
  static double[][] run(Optimizer opt, int steps) {
    return run(opt, steps, G);
  }

  static double[][] run(Optimizer opt, int steps, double[][] grads) {
    int n = W0.length;
    double[][] out = new double[steps][];
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Variable<TFloat32> w = init.withName("dense_kernel").variable(init.constant(toF(W0)));
      Placeholder<TFloat32> grad = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      Placeholder<TFloat32> lr = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TFloat32> step = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      OptimizerLowering low = TfOptimizers.create(opt);
      Op train = low.apply(tf, List.of(w), List.of(grad), lr, step);
      s.initialize();
      for (int t = 0; t < steps; t++) {
        try (TFloat32 gt = TFloat32.vectorOf(toF(grads[t]));
            TFloat32 lrt = TFloat32.scalarOf((float) LR[t]);
            TFloat32 st = TFloat32.scalarOf(t + 1f)) {
          s.runner().feed(grad, gt).feed(lr, lrt).feed(step, st).addTarget(train).run().close();
        }
        try (Result r = s.runner().fetch(w).run()) {
          float[] v = StdArrays.array1dCopyOf((TFloat32) r.get(0));
          out[t] = new double[n];
          for (int i = 0; i < n; i++) {
            out[t][i] = v[i];
          }
        }
      }
    }
    return out;
  }

  static float[] toF(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  static void close(double[] expected, double[] actual) {
    assertArrayEquals(expected, actual, 1e-5);
  }

  @Test
  void sgdPlain() {
    double[][] got = run(new SGD(), 2);
    double[] w = W0.clone();
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < 2; i++) {
        w[i] -= LR[t] * G[t][i];
      }
      close(w, got[t]);
    }
  }

  @Test
  void sgdMomentumAndNesterov() {
    for (boolean nesterov : new boolean[] {false, true}) {
      double mu = 0.9;
      double[][] got = run(new SGD().momentum(mu).nesterov(nesterov), 2);
      double[] w = W0.clone();
      double[] m = new double[2];
      for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 2; i++) {
          // Keras: m = m*momentum - g*lr; w += m (nesterov: w += m*momentum - g*lr)
          m[i] = m[i] * mu - G[t][i] * LR[t];
          w[i] += nesterov ? m[i] * mu - G[t][i] * LR[t] : m[i];
        }
        close(w, got[t]);
      }
    }
  }

  @Test
  void adamTwoSteps() {
    for (boolean ams : new boolean[] {false, true}) {
      double b1 = 0.9;
      double b2 = 0.999;
      double eps = 1e-7;
      // Gradients that shrink in magnitude so that AMSGrad's max(v_hat, v) matters on step 2.
      double[][] grads = {{0.5, -1.5}, {0.01, 0.02}};
      double[][] got = run(new Adam().amsgrad(ams), 2, grads);
      double[] w = W0.clone();
      double[] m = new double[2];
      double[] v = new double[2];
      double[] vHat = new double[2];
      for (int t = 0; t < 2; t++) {
        int step = t + 1;
        double alpha = LR[t] * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
        for (int i = 0; i < 2; i++) {
          double g = grads[t][i];
          m[i] += (g - m[i]) * (1 - b1);
          v[i] += (g * g - v[i]) * (1 - b2);
          double vv = v[i];
          if (ams) {
            vHat[i] = Math.max(vHat[i], v[i]);
            vv = vHat[i];
          }
          w[i] -= m[i] * alpha / (Math.sqrt(vv) + eps);
        }
        close(w, got[t]);
      }
    }
  }

  @Test
  void adamWDecoupledDecay() {
    double wd = 0.004;
    double[][] got = run(new AdamW(), 1);
    double b1 = 0.9;
    double b2 = 0.999;
    double alpha = LR[0] * Math.sqrt(1 - b2) / (1 - b1);
    double[] w = W0.clone();
    for (int i = 0; i < 2; i++) {
      double g = G[0][i];
      w[i] -= w[i] * wd * LR[0]; // Keras applies the decay before the update
      double m = g * (1 - b1);
      double v = g * g * (1 - b2);
      w[i] -= m * alpha / (Math.sqrt(v) + 1e-7);
    }
    close(w, got[0]);
  }

  @Test
  void rmspropPlainCenteredMomentumTwoSteps() {
    for (boolean centered : new boolean[] {false, true}) {
      for (double mu : new double[] {0.0, 0.5}) {
        double rho = 0.9;
        double eps = 1e-7;
        double[][] got = run(new RMSprop().centered(centered).momentum(mu), 2);
        double[] w = W0.clone();
        double[] vel = new double[2];
        double[] avg = new double[2];
        double[] mom = new double[2];
        for (int t = 0; t < 2; t++) {
          for (int i = 0; i < 2; i++) {
            double g = G[t][i];
            vel[i] = rho * vel[i] + (1 - rho) * g * g;
            double denom;
            if (centered) {
              avg[i] = rho * avg[i] + (1 - rho) * g;
              denom = vel[i] - avg[i] * avg[i] + eps;
            } else {
              denom = vel[i] + eps;
            }
            double inc = LR[t] * g / Math.sqrt(denom);
            if (mu > 0) {
              mom[i] = mu * mom[i] + inc;
              w[i] -= mom[i];
            } else {
              w[i] -= inc;
            }
          }
          close(w, got[t]);
        }
      }
    }
  }

  @Test
  void adagradTwoSteps() {
    double[][] got = run(new Adagrad(), 2);
    double[] w = W0.clone();
    double[] acc = {0.1, 0.1};
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < 2; i++) {
        double g = G[t][i];
        acc[i] += g * g;
        w[i] -= LR[t] * g / Math.sqrt(acc[i] + 1e-7);
      }
      close(w, got[t]);
    }
  }

  @Test
  void adadeltaTwoSteps() {
    double rho = 0.95;
    double eps = 1e-7;
    double[][] got = run(new Adadelta(), 2);
    double[] w = W0.clone();
    double[] ag = new double[2];
    double[] ad = new double[2];
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < 2; i++) {
        double g = G[t][i];
        ag[i] = rho * ag[i] + (1 - rho) * g * g;
        double delta = -Math.sqrt(ad[i] + eps) / Math.sqrt(ag[i] + eps) * g;
        ad[i] = rho * ad[i] + (1 - rho) * delta * delta;
        w[i] += LR[t] * delta;
      }
      assertArrayEquals(w, got[t], 1e-6);
    }
  }

  @Test
  void nadamTwoSteps() {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-7;
    double[][] got = run(new Nadam(), 2);
    double[] w = W0.clone();
    double[] m = new double[2];
    double[] v = new double[2];
    double uProduct = 1.0;
    for (int t = 0; t < 2; t++) {
      int step = t + 1;
      double uT = b1 * (1 - 0.5 * Math.pow(0.96, step));
      double uT1 = b1 * (1 - 0.5 * Math.pow(0.96, step + 1));
      uProduct *= uT; // Keras updates the product before the per-variable updates
      double uProductT1 = uProduct * uT1;
      for (int i = 0; i < 2; i++) {
        double g = G[t][i];
        m[i] += (g - m[i]) * (1 - b1);
        v[i] += (g * g - v[i]) * (1 - b2);
        double mHat = uT1 * m[i] / (1 - uProductT1) + (1 - uT) * g / (1 - uProduct);
        double vHat = v[i] / (1 - Math.pow(b2, step));
        w[i] -= mHat * LR[t] / (Math.sqrt(vHat) + eps);
      }
      close(w, got[t]);
    }
  }

  @Test
  void clipnormClipvalueGlobalClipnorm() {
    double[] g = G[0];
    double norm = Math.hypot(g[0], g[1]);
    // clipnorm 1: g·1/max(‖g‖, 1)
    double[][] got = run(new SGD().clipnorm(1.0), 1);
    close(new double[] {W0[0] - LR[0] * g[0] / norm, W0[1] - LR[0] * g[1] / norm}, got[0]);
    // one variable, so the global norm is the same norm
    got = run(new SGD().globalClipnorm(1.0), 1);
    close(new double[] {W0[0] - LR[0] * g[0] / norm, W0[1] - LR[0] * g[1] / norm}, got[0]);
    // a norm larger than the gradient's leaves it alone
    got = run(new SGD().clipnorm(10.0), 1);
    close(new double[] {W0[0] - LR[0] * g[0], W0[1] - LR[0] * g[1]}, got[0]);
    // clipvalue 1: each element to [-1, 1]
    got = run(new SGD().clipvalue(1.0), 1);
    close(new double[] {W0[0] - LR[0] * 0.5, W0[1] - LR[0] * -1.0}, got[0]);
  }

  @Test
  void slotsAreNamedAndCounted() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Variable<TFloat32> w = init.withName("kernel").variable(init.constant(new float[] {1f}));
      OptimizerLowering low = TfOptimizers.create(new Adam());
      low.apply(tf, List.of(w), List.of(tf.constant(new float[] {1f})), tf.constant(0.1f), tf.constant(1f));
      assertEquals(2, low.slotVariables().size());
      assertEquals("adam/kernel_momentum", low.slotVariables().get(0).op().name());
      assertEquals("adam/kernel_velocity", low.slotVariables().get(1).op().name());
      String msg = assertThrows(IllegalStateException.class, () -> low.apply(tf, List.of(w),
          List.of(tf.constant(new float[] {1f})), tf.constant(0.1f), tf.constant(1f))).getMessage();
      assertTrue(msg.startsWith("Adam: apply(...) was already called on this lowering"), msg);
    }
  }

  @Test
  void weightDecayWaitsForGradientsThatReadTheVariable() {
    // SGD with weight_decay 0.5 on loss Σ w²: Keras computes g = 2w from the old w, then w -= w·wd·lr, then
    // w -= lr·g, so w1 = w0 - w0·wd·lr - lr·2·w0.
    double wd = 0.5;
    double lr = 0.1;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Variable<TFloat32> w = init.withName("w").variable(init.constant(toF(W0)));
      // Gradients are taken w.r.t. a read of the ref variable (TF's C++ gradients crash on ref-typed outputs).
      org.tensorflow.Operand<TFloat32> wRead = tf.identity(w);
      org.tensorflow.Operand<TFloat32> loss = tf.sum(tf.math.square(wRead), tf.constant(0));
      org.tensorflow.Output<?>[] grads = g.addGradients(loss.asOutput(),
          new org.tensorflow.Output<?>[] {wRead.asOutput()});
      @SuppressWarnings("unchecked")
      org.tensorflow.Operand<TFloat32> grad = (org.tensorflow.Operand<TFloat32>) grads[0];
      Op train = TfOptimizers.create(new SGD(lr).weightDecay(wd))
          .apply(tf, List.of(w), List.of(grad), tf.constant((float) lr), tf.constant(1f));
      s.initialize();
      for (int rep = 0; rep < 1; rep++) {
        s.runner().addTarget(train).run().close();
      }
      try (Result r = s.runner().fetch(w).run()) {
        float[] v = StdArrays.array1dCopyOf((TFloat32) r.get(0));
        for (int i = 0; i < 2; i++) {
          assertEquals(W0[i] - W0[i] * wd * lr - lr * 2 * W0[i], v[i], 1e-6);
        }
      }
    }
  }

  @Test
  void adamTrainsASoftmaxClassifierThroughTheLossGradient() {
    // 4 samples, 2 features, 3 classes; logits = xW + b; loss = mean sparse CCE computed from the logits.
    float[][] x = {{1f, 0f}, {0f, 1f}, {1f, 1f}, {-1f, 0.5f}};
    int[] y = {0, 1, 2, 1};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Variable<TFloat32> kernel = init.withName("kernel").variable(init.constant(
          new float[][] {{0.1f, -0.2f, 0.05f}, {0.0f, 0.1f, -0.1f}}));
      Variable<TFloat32> bias = init.withName("bias").variable(init.constant(new float[3]));
      org.tensorflow.Operand<TFloat32> kRead = tf.identity(kernel);
      org.tensorflow.Operand<TFloat32> bRead = tf.identity(bias);
      org.tensorflow.Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(tf.constant(x), kRead), bRead);
      LoweredOutput out = new LoweredOutput(tf.nn.softmax(logits), "softmax", logits);
      org.tensorflow.Operand<TFloat32> loss = tf.math.mean(TfLosses.perExample(tf,
          io.jkeras.losses.Losses.get("sparse_categorical_crossentropy"), tf.constant(y), out), tf.constant(0));
      org.tensorflow.Output<?>[] grads = g.addGradients(loss.asOutput(),
          new org.tensorflow.Output<?>[] {kRead.asOutput(), bRead.asOutput()});
      @SuppressWarnings("unchecked")
      List<org.tensorflow.Operand<TFloat32>> gl = List.of(
          (org.tensorflow.Operand<TFloat32>) grads[0], (org.tensorflow.Operand<TFloat32>) grads[1]);
      Op train = TfOptimizers.create(new Adam(0.05)).apply(tf, List.of(kernel, bias), gl, tf.constant(0.05f),
          tf.placeholderWithDefault(tf.constant(1f), Shape.scalar()));
      s.initialize();
      double first = lossOf(s, loss);
      for (int i = 0; i < 100; i++) {
        s.runner().addTarget(train).run().close();
      }
      double last = lossOf(s, loss);
      // ln 3 ≈ 1.0986 at near-uniform start; a separable problem must get well below it
      assertEquals(Math.log(3), first, 0.1);
      org.junit.jupiter.api.Assertions.assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last);
    }
  }

  private static double lossOf(Session s, org.tensorflow.Operand<TFloat32> loss) {
    try (Result r = s.runner().fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void variablesWithoutGradientAreLeftAlone() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Variable<TFloat32> a = init.withName("a").variable(init.constant(new float[] {1f}));
      Variable<TFloat32> b = init.withName("b").variable(init.constant(new float[] {5f}));
      java.util.List<org.tensorflow.Operand<TFloat32>> grads = new java.util.ArrayList<>();
      grads.add(tf.constant(new float[] {2f}));
      grads.add(null);
      OptimizerLowering low = TfOptimizers.create(new Adam());
      Op train = low.apply(tf, List.of(a, b), grads, tf.constant(0.1f), tf.constant(1f));
      assertEquals(2, low.slotVariables().size());
      s.initialize();
      s.runner().addTarget(train).run().close();
      try (Result r = s.runner().fetch(a).fetch(b).run()) {
        // Adam's first step moves by lr·m̂/(sqrt(v̂) + eps) ≈ lr·sign(g)
        assertEquals(1.0 - 0.1, ((TFloat32) r.get(0)).getFloat(0), 1e-5);
        assertEquals(5.0, ((TFloat32) r.get(1)).getFloat(0), 0.0);
      }
    }
  }
}
