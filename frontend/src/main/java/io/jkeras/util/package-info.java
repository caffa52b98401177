/**
 * Support classes shared by jkeras' modules (Keras' automatic names, shape arithmetic, the config base
 * class of initializers, constraints and regularizers). Not meant for user code: they may change in any
 * release.
 */
package io.jkeras.util;
