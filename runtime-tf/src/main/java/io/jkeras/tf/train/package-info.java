/**
 * Internal: the step graph's losses, metrics and optimizer updates in TensorFlow ops. Not API; left out of
 * the published Javadoc and may change in any release.
 */
package io.jkeras.tf.train;
