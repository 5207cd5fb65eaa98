package dev.kiln.runtime.cache;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.io.IOException;

/** Names why a write to a cache tier failed, in words a user can act on. */
final class WriteFailure {
    private WriteFailure() {
    }

    static String describe(IOException e) {
        String msg = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException || msg.contains("Permission denied")) return "permission denied";
        if (msg.contains("Read-only file system")) return "read-only file system";
        if (msg.contains("No space left on device")) return "disk full (no space left on device)";
        if (msg.contains("Disk quota exceeded")) return "disk quota exceeded";
        if (e instanceof NotDirectoryException || msg.contains("Not a directory")) {
            return "a file is where a directory should be";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file is where a directory should be";
        return e.getClass().getSimpleName() + ": " + msg;
    }
}
