package dev.streamgrad.deploy.cli;

/** The built-in synthetic tasks ({@code --task}). */
public enum Task {
    /** Two interleaved spirals, binary classification ({@link dev.streamgrad.deploy.data.SpiralsTask}). */
    spirals,
    /** Non-linear regression ({@link dev.streamgrad.deploy.data.DriftingRegressionTask}). */
    regression
}
