/**
 * What the demo shows a person: the live progress line ({@link dev.streamgrad.deploy.report.ProgressLine}),
 * the prequential learning curve ({@link dev.streamgrad.deploy.report.PrequentialWindow} ->
 * {@link dev.streamgrad.deploy.report.Point}s), its final summary table
 * ({@link dev.streamgrad.deploy.report.SummaryTable}) and its PNG plot
 * ({@link dev.streamgrad.deploy.report.LearningCurvePlot}).
 */
package dev.streamgrad.deploy.report;
