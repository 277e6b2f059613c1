package dev.streamgrad.deploy;

import dev.streamgrad.deploy.cli.Cli;

/** The application's entry point: runs the command line and exits with its code. */
public final class Main {

    private Main() {
    }

    /**
     * @param args the command line; see {@code streamgrad --help}
     */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");   // the PNG plot needs no display
        }
        System.exit(Cli.execute(args, System.out, System.err));
    }
}
