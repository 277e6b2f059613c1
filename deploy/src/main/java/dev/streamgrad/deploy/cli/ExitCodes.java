package dev.streamgrad.deploy.cli;

/** The process exit codes of the {@code streamgrad} command. */
public final class ExitCodes {

    /** The command did what it was asked; also {@code --help} and {@code --version}. */
    public static final int OK = 0;
    /** The command started but failed at run time (broker unreachable, I/O error, ...). */
    public static final int FAILURE = 1;
    /** Bad arguments or bad configuration: one line on stderr says which and what is allowed. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
