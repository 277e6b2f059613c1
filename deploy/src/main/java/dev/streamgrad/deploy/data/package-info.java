/**
 * Example sources for the demo and the {@code produce} command: seeded synthetic tasks with concept drift
 * ({@link dev.streamgrad.deploy.data.SpiralsTask}, {@link dev.streamgrad.deploy.data.DriftingRegressionTask})
 * and readers for CSV and JSON Lines files ({@link dev.streamgrad.deploy.data.DataFiles}). All yield
 * {@link dev.streamgrad.deploy.data.LabeledExample}s through {@link dev.streamgrad.deploy.data.ExampleSource}.
 */
package dev.streamgrad.deploy.data;
