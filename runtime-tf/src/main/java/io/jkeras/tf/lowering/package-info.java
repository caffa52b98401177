/**
 * How each layer becomes TensorFlow ops. The API here is the extension point for a layer class of your
 * own: implement {@link io.jkeras.tf.lowering.LayerLowering} (it gets the {@link
 * io.jkeras.tf.lowering.LoweringContext} and the inputs as {@link io.jkeras.tf.lowering.Lowered} values)
 * and register it with {@link io.jkeras.tf.lowering.LayerLowerings#register}. The other public classes here
 * ({@code ActivationLowering}, {@code BaseConvLowering}, {@code Conv2DLowering}) are used by the runtime's
 * other packages and are not API; the remaining built-in lowerings are package-private.
 *
 * <pre>{@code
 * LayerLowerings.register(MyLayer.class, new MyLayerLowering());
 * }</pre>
 */
package io.jkeras.tf.lowering;
