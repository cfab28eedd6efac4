#if canImport(Glibc)
import Glibc
#endif

/// What a save is about to replace, checked with `lstat` before anything is written.
///
/// ```
/// nothing there            a new file (mode 0666 or 0600, less the umask)
/// a regular file           replaced; its permission bits are kept
/// a symbolic link          followed: the file it leads to is replaced, the link stays a link
/// a FIFO, socket, device   refused: renaming over it would destroy it (and opening it could block)
/// a directory              refused
/// a write-protected file   refused, as a shell's `>` refuses it
/// ```
/// 1. A rename replaces whatever has the name, so without this check `save x.npz`
///    turned a FIFO or a device into a regular file, and replaced a file its owner
///    had made read-only (rename asks only for the folder's write permission).
/// 2. Root passes every `access` check, so for root a file with no write bit at all
///    (`chmod 444`) counts as protected: its owner said "do not change this".
/// 3. A link that leads nowhere (dangling, or a loop) is refused: writing through it
///    would create a file the user never named.
package struct WriteTarget {
    /// The path that is replaced: the one given, or the file its links lead to.
    package let path: String
    /// The permission bits of the file replaced; nil for a new file.
    package let existingMode: mode_t?

    /// Checks `given` as described above; the errors name `given`, as the user typed it.
    package static func check(_ given: String) throws(FileError) -> WriteTarget {
        var info = stat()
        guard lstat(given, &info) == 0 else {
            guard errno == ENOENT else { throw .cannotWrite(path: given, reason: errnoText()) }
            return WriteTarget(path: given, existingMode: nil)
        }
        var path = given
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(given, nil) else {
                throw .brokenLink(path: given, reason: errnoText())
            }
            path = String(cString: resolved)
            free(resolved)
            guard lstat(path, &info) == 0 else { throw .brokenLink(path: given, reason: errnoText()) }
        }
        if let kind = kind(info.st_mode) {
            throw .notRegularFile(path: given, kind: kind)
        }
        let mode = info.st_mode & 0o7777
        if geteuid() == 0 {
            guard mode & 0o222 != 0 else { throw .writeProtected(path: given, mode: Int(mode)) }  // see 2.
        } else if faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 {
            guard errno == EACCES || errno == EPERM else { throw .cannotWrite(path: given, reason: errnoText()) }
            throw .writeProtected(path: given, mode: Int(mode))
        }
        return WriteTarget(path: path, existingMode: mode)
    }

    /// "a FIFO", "a directory", …; nil for a regular file.
    package static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }
}
