/**
 * Hooks into training, evaluation and prediction, as {@code keras.callbacks}: {@link
 * io.jkeras.callbacks.Callback}, {@link io.jkeras.callbacks.CallbackList}, {@link
 * io.jkeras.callbacks.LambdaCallback}, {@link io.jkeras.callbacks.History} and {@link
 * io.jkeras.callbacks.ProgbarLogger}.
 */
package io.jkeras.callbacks;
