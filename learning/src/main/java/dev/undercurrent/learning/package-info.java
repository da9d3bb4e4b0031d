/**
 * The customer representation network, trained with DJL on PyTorch: {@link
 * dev.undercurrent.learning.DjlRepresentationLearner} implements the core's {@link
 * dev.undercurrent.core.learning.RepresentationLearner} and returns a {@link
 * dev.undercurrent.learning.DjlRepresentationModel}, which scores, saves itself to bytes and loads
 * from them ({@link dev.undercurrent.learning.DjlRepresentationModel#fromBytes(byte[])}, or {@link
 * dev.undercurrent.learning.DjlRepresentationModel#shared(byte[])} for one instance per JVM).
 *
 * <p>Nothing outside this module sees a DJL type, and no Spark type belongs here: the Spark side
 * builds the {@link dev.undercurrent.core.learning.TrainingSet} and calls in with arrays. Needs the
 * PyTorch native library on the classpath ({@code pytorch-native-cpu}); run with {@code
 * -Dai.djl.offline=true} so that nothing is downloaded.
 */
package dev.undercurrent.learning;
