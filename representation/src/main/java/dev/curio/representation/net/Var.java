package dev.curio.representation.net;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One value of a computation recorded on a {@link Tape}: an array and, after
 * {@link Tape#backward}, the gradient of the loss with respect to it. Built only by a tape's
 * operations ({@link Tape#constant}, {@link Tape#param}, and the methods here and on the tape).
 *
 * <p>Values are never changed in place once made, and a gradient handed to an operation's backward
 * step is never changed in place either, so one array may safely flow to several consumers.
 */
public final class Var {
  final Tape tape;
  final INDArray value;
  final boolean requiresGrad;
  /** Where a parameter's gradient goes (a view into its {@link Parameters}' gradient), else null. */
  final INDArray sink;
  INDArray grad;
  Tape.Backward backward;

  Var(Tape tape, INDArray value, boolean requiresGrad, INDArray sink) {
    this.tape = tape;
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.sink = sink;
  }

  /** The forward value (do not modify it). */
  public INDArray value() {
    return value;
  }

  /** The gradient of the last {@link Tape#backward}'s loss with respect to this value, or null if none reached it. */
  public INDArray grad() {
    return grad;
  }

  public long[] shape() {
    return value.shape();
  }

  public long rows() {
    return value.rows();
  }

  public long columns() {
    return value.columns();
  }

  /** The value as a double; for {@code [1, 1]} scalars. */
  public double scalar() {
    if (value.length() != 1) {
      throw new IllegalArgumentException("not a scalar: " + Arrays.toString(value.shape()));
    }
    return value.getDouble(0);
  }

  // fluent forms of the tape's operations

  public Var mmul(Var w) {
    return tape.mmul(this, w);
  }

  public Var addRow(Var bias) {
    return tape.addRow(this, bias);
  }

  public Var mulRow(Var row) {
    return tape.mulRow(this, row);
  }

  public Var add(Var o) {
    return tape.add(this, o);
  }

  public Var sub(Var o) {
    return tape.sub(this, o);
  }

  public Var mul(Var o) {
    return tape.mul(this, o);
  }

  public Var mulColumn(Var column) {
    return tape.mulColumn(this, column);
  }

  public Var mul(double c) {
    return tape.scale(this, c);
  }

  public Var add(double c) {
    return tape.addScalar(this, c);
  }

  public Var neg() {
    return tape.scale(this, -1.0);
  }

  public Var relu() {
    return tape.relu(this);
  }

  public Var tanh() {
    return tape.tanh(this);
  }

  public Var sigmoid() {
    return tape.sigmoid(this);
  }

  public Var exp() {
    return tape.exp(this);
  }

  public Var square() {
    return tape.square(this);
  }

  public Var softplus() {
    return tape.softplus(this);
  }

  public Var pow(double p) {
    return tape.pow(this, p);
  }

  public Var abs() {
    return tape.abs(this);
  }

  public Var logSoftmax() {
    return tape.logSoftmax(this);
  }

  public Var sumRows() {
    return tape.sumRows(this);
  }

  public Var sum() {
    return tape.sum(this);
  }

  public Var mean() {
    return tape.mean(this);
  }

  public Var clip(double lo, double hi) {
    return tape.clip(this, lo, hi);
  }

  public Var reshape(long... shape) {
    return tape.reshape(this, shape);
  }

  public Var columns(int from, int to) {
    return tape.columns(this, from, to);
  }

  public Var rows(int from, int to) {
    return tape.rows(this, from, to);
  }

  public Var detach() {
    return tape.constant(value);
  }

  @Override
  public String toString() {
    return "Var" + Arrays.toString(value.shape()) + (requiresGrad ? "" : " (constant)");
  }
}
