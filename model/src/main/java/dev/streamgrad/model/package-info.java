/**
 * The online network: {@link dev.streamgrad.model.NetworkSpec} (what to build), {@link dev.streamgrad.model.Model}
 * (predict and learn, one event or a mini-batch), and the exceptions for bad specs, bad inputs and refused
 * updates. Saved state lives in {@code dev.streamgrad.model.state}; kernels in {@code dev.streamgrad.model.kernel}.
 */
package dev.streamgrad.model;
