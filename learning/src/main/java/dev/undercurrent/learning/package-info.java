/**
 * The customer representation network, trained with DJL on PyTorch. It implements the core's
 * learning interface; nothing outside this module sees a DJL type.
 */
package dev.undercurrent.learning;
