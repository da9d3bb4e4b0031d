package dev.undercurrent.learning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The multi-task denoising autoencoder as a DJL block: an encoder MLP to the embedding, and on the
 * embedding both a decoder MLP (reconstructing the standardized input) and a small head MLP with
 * three outputs (a spender's log horizon value relative to the training spenders' mean log,
 * will-buy logit, marketing-response logit).
 *
 * <p>The forward pass returns {@code [embedding, reconstruction, heads]}. Weights are initialized
 * from a {@link Random} of the given seed rather than from the engine's global generator, so that
 * two trainings in one JVM cannot disturb each other's starting point (Glorot &amp; Bengio 2010
 * uniform limits; biases zero except the head's output, which starts at the base rates).
 */
final class RepresentationNetwork {
  static final int HEAD_VALUE = 0;
  static final int HEAD_BUY = 1;
  static final int HEAD_RESPONSE = 2;
  static final int HEADS = 3;

  private final Block block;
  private final Linear headOutput;

  private RepresentationNetwork(Block block, Linear headOutput) {
    this.block = block;
    this.headOutput = headOutput;
  }

  static RepresentationNetwork build(DjlRepresentationModel.Architecture a) {
    SequentialBlock encoder = new SequentialBlock();
    for (int h : a.hiddenSizes()) {
      encoder.add(Linear.builder().setUnits(h).build()).add(Activation.reluBlock());
    }
    encoder.add(Linear.builder().setUnits(a.embeddingDim()).build());

    SequentialBlock decoder = new SequentialBlock();
    List<Integer> reversed = new ArrayList<>(a.hiddenSizes());
    java.util.Collections.reverse(reversed);
    for (int h : reversed) {
      decoder.add(Linear.builder().setUnits(h).build()).add(Activation.reluBlock());
    }
    decoder.add(Linear.builder().setUnits(a.inputDim()).build());

    Linear headOutput = Linear.builder().setUnits(HEADS).build();
    SequentialBlock heads =
        new SequentialBlock()
            .add(Linear.builder().setUnits(a.headHidden()).build())
            .add(Activation.reluBlock())
            .add(headOutput);

    ParallelBlock onEmbedding =
        new ParallelBlock(
            outputs ->
                new NDList(
                    outputs.get(0).singletonOrThrow(),
                    outputs.get(1).singletonOrThrow(),
                    outputs.get(2).singletonOrThrow()));
    onEmbedding.add(x -> x).add(decoder).add(heads);
    SequentialBlock full = new SequentialBlock().add(encoder).add(onEmbedding);
    return new RepresentationNetwork(full, headOutput);
  }

  Block block() {
    return block;
  }

  /** Allocates the parameters in {@code manager} and fills them from {@code seed}. */
  void initialize(
      NDManager manager, int inputDim, long seed, double logitBuy, double logitResponse) {
    block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
    Random random = new Random(seed);
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      Shape shape = array.getShape();
      float[] values = new float[Math.toIntExact(shape.size())];
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        long fanOut = shape.get(0);
        long fanIn = shape.get(1);
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
      }
      array.set(values);
    }
    NDArray bias = headOutput.getParameters().get("bias").getArray();
    float[] b = new float[HEADS];
    b[HEAD_VALUE] = 0; // the amount target is centred on the spenders' mean log
    b[HEAD_BUY] = (float) logitBuy;
    b[HEAD_RESPONSE] = (float) logitResponse;
    bias.set(b);
  }

  /** Every parameter's values, in the block's order, for keeping the best epoch. */
  List<float[]> snapshot() {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  /** Puts back what {@link #snapshot()} took. */
  void restore(List<float[]> values) {
    int i = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      p.getValue().getArray().set(values.get(i++));
    }
  }

  /** Parameter names and shapes, in the block's order. */
  List<Pair<String, Shape>> layout() {
    List<Pair<String, Shape>> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(new Pair<>(p.getKey(), p.getValue().getArray().getShape()));
    }
    return out;
  }
}
