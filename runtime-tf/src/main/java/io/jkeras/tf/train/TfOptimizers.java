package io.jkeras.tf.train;

import io.jkeras.optimizers.Adadelta;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's optimizer update rules as TF graph ops on ref variables. TF's fused training ops are used where their
 * maths is Keras' ({@code ApplyGradientDescent}, {@code ApplyAdam}, {@code ApplyRMSProp}, {@code
 * ApplyCenteredRMSProp}, {@code ApplyAdadelta}); SGD with momentum, AMSGrad, Adagrad (Keras puts epsilon inside
 * the square root) and Nadam (Keras' momentum schedule) are written with plain ops. As in Keras' {@code
 * BaseOptimizer.apply}, gradients are clipped first, then weight decay is applied ({@code w -= w·wd·lr}), then
 * the update. Weight decay waits (control dependency) for every gradient, since it writes the variables. A
 * {@code null} gradient (a variable the loss does not reach) leaves its variable alone, as in Keras.
 *
 * <p>Take the gradients with respect to a read of each variable ({@code tf.identity(variable)} used by the
 * forward pass), not the ref {@code Variable} output itself: TF's C++ gradient code crashes the JVM on ref-typed
 * outputs (seen with {@code SquareGrad}).
 *
 * <pre>{@code
 * OptimizerLowering opt = TfOptimizers.create(new Adam(1e-3));
 * Op train = opt.apply(tf, variables, gradients, learningRatePlaceholder, stepPlaceholder);
 * }</pre>
 */
public final class TfOptimizers {
  private TfOptimizers() {}

  /** The lowering of {@code optimizer}; one per model (it remembers its slot variables). */
  public static OptimizerLowering create(Optimizer optimizer) {
    if (optimizer instanceof SGD s) {
      return new SgdLowering(s);
    }
    if (optimizer instanceof Adam a) { // AdamW too: its decay is the base class' weight decay
      return new AdamLowering(a);
    }
    if (optimizer instanceof RMSprop r) {
      return new RmsPropLowering(r);
    }
    if (optimizer instanceof Adagrad a) {
      return new AdagradLowering(a);
    }
    if (optimizer instanceof Adadelta a) {
      return new AdadeltaLowering(a);
    }
    if (optimizer instanceof Nadam n) {
      return new NadamLowering(n);
    }
    throw new IllegalArgumentException("No TensorFlow lowering for optimizer " + optimizer.className()
        + "; supported: [SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Nadam]");
  }

  /** Clipping, weight decay, slot creation and the final grouping op shared by every optimizer. */
  abstract static class Base implements OptimizerLowering {
    final Optimizer optimizer;
    private final List<Variable<TFloat32>> slots = new ArrayList<>();
    private boolean applied;

    Base(Optimizer optimizer) {
      this.optimizer = optimizer;
    }

    @Override
    public final Op apply(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
        Operand<TFloat32> learningRate, Operand<TFloat32> step) {
      if (applied) {
        throw new IllegalStateException(optimizer.className() + ": apply(...) was already called on this lowering;"
            + " make one lowering per model with TfOptimizers.create");
      }
      if (variables.size() != gradients.size()) {
        throw new IllegalArgumentException(optimizer.className() + ": " + variables.size() + " variables but "
            + gradients.size() + " gradients");
      }
      applied = true;
      // As Keras, variables without a gradient (not connected to the loss) are left alone.
      List<Variable<TFloat32>> vars = new ArrayList<>();
      List<Operand<TFloat32>> given = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        if (gradients.get(i) != null) {
          vars.add(variables.get(i));
          given.add(gradients.get(i));
        }
      }
      Ops scoped = tf.withSubScope(optimizer.kerasName().toLowerCase(java.util.Locale.ROOT));
      List<Operand<TFloat32>> grads = new ArrayList<>();
      List<Op> gradsReady = new ArrayList<>();
      for (Operand<TFloat32> g : Clipping.clip(scoped, optimizer, given)) {
        org.tensorflow.op.core.Identity<TFloat32> id = scoped.identity(g);
        grads.add(id);
        gradsReady.add(id);
      }
      Ops updateOps = scoped;
      if (optimizer.weightDecay().isPresent() && optimizer.weightDecay().get() > 0) {
        // The decay writes the variables: it must wait for every gradient (which read them) to be computed.
        scoped = scoped.withControlDependencies(gradsReady);
        Operand<TFloat32> wdLr = scoped.math.mul(scoped.constant(optimizer.weightDecay().get().floatValue()),
            learningRate);
        List<Op> decays = new ArrayList<>();
        for (Variable<TFloat32> v : vars) {
          decays.add(scoped.assignSub(v, scoped.math.mul(v, wdLr)));
        }
        updateOps = scoped.withControlDependencies(decays);
      }
      prepare(updateOps, step);
      List<Op> updates = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        updates.add(update(updateOps, vars.get(i), grads.get(i), learningRate, step));
      }
      return tf.withSubScope(optimizer.kerasName().toLowerCase(java.util.Locale.ROOT))
          .withControlDependencies(updates).withName("update").noOp();
    }

    /** Ops shared by all variables of one step (Nadam's momentum product). */
    void prepare(Ops tf, Operand<TFloat32> step) {}

    /** The update of one variable. */
    abstract Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> grad, Operand<TFloat32> lr,
        Operand<TFloat32> step);

    /** A slot variable shaped like {@code var}, filled with {@code initial}, named Keras' way. */
    Variable<TFloat32> slot(Ops tf, Variable<TFloat32> var, String slotName, float initial) {
      long[] dims = var.shape().asArray();
      String name = var.op().name().replace('/', '_') + "_" + slotName;
      return scalarOrShaped(tf, name, dims, initial);
    }

    Variable<TFloat32> scalarOrShaped(Ops tf, String name, long[] dims, float initial) {
      Ops init = tf.withInitScope();
      Variable<TFloat32> s = init.withName(name).variable(init.fill(init.constant(dims), init.constant(initial)));
      slots.add(s);
      return s;
    }

    @Override
    public List<Variable<TFloat32>> slotVariables() {
      return List.copyOf(slots);
    }

    Operand<TFloat32> c(Ops tf, double v) {
      return tf.constant((float) v);
    }
  }

  /** Keras' SGD: plain descent through ApplyGradientDescent; momentum as Keras writes it (m holds -lr·g terms). */
  static final class SgdLowering extends Base {
    private final SGD sgd;

    SgdLowering(SGD sgd) {
      super(sgd);
      this.sgd = sgd;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      if (sgd.momentum() == 0) {
        return tf.train.applyGradientDescent(var, lr, g);
      }
      // TF's ApplyMomentum keeps accum = Σ momentum^k·g and multiplies by the current lr, which differs from
      // Keras when the rate changes; Keras keeps m = momentum·m - lr·g.
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Operand<TFloat32> mu = c(tf, sgd.momentum());
      Operand<TFloat32> lrG = tf.math.mul(g, lr);
      Operand<TFloat32> mNew = tf.assign(m, tf.math.sub(tf.math.mul(m, mu), lrG));
      if (sgd.nesterov()) {
        return tf.assignAdd(var, tf.math.sub(tf.math.mul(mNew, mu), lrG));
      }
      return tf.assignAdd(var, mNew);
    }
  }

  /** Keras' Adam: TF's ApplyAdam is the same formula (alpha = lr·sqrt(1-β2^t)/(1-β1^t), ε outside the root). */
  static final class AdamLowering extends Base {
    private final Adam adam;

    AdamLowering(Adam adam) {
      super(adam);
      this.adam = adam;
    }

    private Operand<TFloat32> b1Power;
    private Operand<TFloat32> b2Power;

    @Override
    void prepare(Ops tf, Operand<TFloat32> step) {
      // beta^t once per step for all variables (not two Pow ops per variable).
      b1Power = tf.math.pow(c(tf, adam.beta1()), step);
      b2Power = tf.math.pow(c(tf, adam.beta2()), step);
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Variable<TFloat32> v = slot(tf, var, "velocity", 0f);
      Operand<TFloat32> b1 = c(tf, adam.beta1());
      Operand<TFloat32> b2 = c(tf, adam.beta2());
      if (!adam.amsgrad()) {
        return tf.train.applyAdam(var, m, v, b1Power, b2Power, lr, b1, b2, c(tf, adam.epsilon()), g);
      }
      Variable<TFloat32> vHat = slot(tf, var, "velocity_hat", 0f);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> alpha = tf.math.div(tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, b2Power))),
          tf.math.sub(one, b1Power));
      Operand<TFloat32> mNew = tf.assignAdd(m, tf.math.mul(tf.math.sub(g, m), tf.math.sub(one, b1)));
      Operand<TFloat32> vNew = tf.assignAdd(v, tf.math.mul(tf.math.sub(tf.math.square(g), v), tf.math.sub(one, b2)));
      Operand<TFloat32> vHatNew = tf.assign(vHat, tf.math.maximum(vHat, vNew));
      return tf.assignSub(var, tf.math.div(tf.math.mul(mNew, alpha),
          tf.math.add(tf.math.sqrt(vHatNew), c(tf, adam.epsilon()))));
    }
  }

  /** Keras' RMSprop: TF's ApplyRMSProp / ApplyCenteredRMSProp compute the same (ε inside the root). */
  static final class RmsPropLowering extends Base {
    private final RMSprop rms;

    RmsPropLowering(RMSprop rms) {
      super(rms);
      this.rms = rms;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> velocity = slot(tf, var, "velocity", 0f);
      // The fused ops always keep a momentum accumulator; with momentum 0 it holds just this step's increment.
      Variable<TFloat32> mom = slot(tf, var, "momentum", 0f);
      Operand<TFloat32> rho = c(tf, rms.rho());
      Operand<TFloat32> mu = c(tf, rms.momentum());
      Operand<TFloat32> eps = c(tf, rms.epsilon());
      if (rms.centered()) {
        Variable<TFloat32> avg = slot(tf, var, "average_gradient", 0f);
        return tf.train.applyCenteredRmsProp(var, avg, velocity, mom, lr, rho, mu, eps, g);
      }
      return tf.train.applyRmsProp(var, velocity, mom, lr, rho, mu, eps, g);
    }
  }

  /** Keras' Adagrad: {@code a += g²; w -= lr·g/sqrt(a + ε)} (TF's ApplyAdagradV2 puts ε outside the root). */
  static final class AdagradLowering extends Base {
    private final Adagrad ada;

    AdagradLowering(Adagrad ada) {
      super(ada);
      this.ada = ada;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> acc = slot(tf, var, "accumulator", (float) ada.initialAccumulatorValue());
      Operand<TFloat32> accNew = tf.assignAdd(acc, tf.math.square(g));
      return tf.assignSub(var, tf.math.div(tf.math.mul(lr, g),
          tf.math.sqrt(tf.math.add(accNew, c(tf, ada.epsilon())))));
    }
  }

  /** Keras' Adadelta: TF's ApplyAdadelta is the same formula. */
  static final class AdadeltaLowering extends Base {
    private final Adadelta ada;

    AdadeltaLowering(Adadelta ada) {
      super(ada);
      this.ada = ada;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> accGrad = slot(tf, var, "accumulated_grad", 0f);
      Variable<TFloat32> accDelta = slot(tf, var, "accumulated_delta_var", 0f);
      return tf.train.applyAdadelta(var, accGrad, accDelta, lr, c(tf, ada.rho()), c(tf, ada.epsilon()), g);
    }
  }

  /** Keras' Nadam, with its momentum schedule {@code u_t = β1·(1 - 0.5·0.96^t)} and running product of u_t. */
  static final class NadamLowering extends Base {
    private final Nadam nadam;
    private Operand<TFloat32> uT;
    private Operand<TFloat32> uT1;
    private Operand<TFloat32> uProductT;

    NadamLowering(Nadam nadam) {
      super(nadam);
      this.nadam = nadam;
    }

    @Override
    void prepare(Ops tf, Operand<TFloat32> step) {
      Operand<TFloat32> b1 = c(tf, nadam.beta1());
      Operand<TFloat32> half = c(tf, 0.5);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> decay = c(tf, 0.96);
      uT = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, step))));
      uT1 = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, tf.math.add(step, one)))));
      Variable<TFloat32> uProduct = scalarOrShaped(tf, "u_product", new long[0], 1f);
      uProductT = tf.assign(uProduct, tf.math.mul(uProduct, uT));
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Variable<TFloat32> v = slot(tf, var, "velocity", 0f);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> b1 = c(tf, nadam.beta1());
      Operand<TFloat32> b2 = c(tf, nadam.beta2());
      Operand<TFloat32> uProductT1 = tf.math.mul(uProductT, uT1);
      Operand<TFloat32> mNew = tf.assignAdd(m, tf.math.mul(tf.math.sub(g, m), tf.math.sub(one, b1)));
      Operand<TFloat32> vNew = tf.assignAdd(v, tf.math.mul(tf.math.sub(tf.math.square(g), v), tf.math.sub(one, b2)));
      Operand<TFloat32> mHat = tf.math.add(
          tf.math.div(tf.math.mul(uT1, mNew), tf.math.sub(one, uProductT1)),
          tf.math.div(tf.math.mul(tf.math.sub(one, uT), g), tf.math.sub(one, uProductT)));
      Operand<TFloat32> vHat = tf.math.div(vNew, tf.math.sub(one, tf.math.pow(b2, step)));
      return tf.assignSub(var, tf.math.div(tf.math.mul(mHat, lr),
          tf.math.add(tf.math.sqrt(vHat), c(tf, nadam.epsilon()))));
    }
  }
}
