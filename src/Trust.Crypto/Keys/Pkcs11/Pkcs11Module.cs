using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using System.Runtime.InteropServices;

namespace Trust.Core.Keys.Pkcs11;

/// <summary>
/// One loaded PKCS#11 module per library path, shared by every key that uses it. C_Initialize
/// and C_Finalize are process-wide for a module (PKCS#11 v2.40 section 5.4), so the module is
/// finalized only when the last key using it is disposed.
/// </summary>
internal sealed class Pkcs11Module
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    private int _references;

    static Pkcs11Module() => NativeLoader.Install();

    private Pkcs11Module(string path, IPkcs11Library library)
    {
        Path = path;
        Library = library;
    }

    internal static Pkcs11InteropFactories Factories { get; } = new();

    internal string Path { get; }

    internal IPkcs11Library Library { get; }

    /// <summary>Loads (or shares) the module at <paramref name="path"/>.</summary>
    /// <exception cref="TrustKeyException">The file is missing or is not a PKCS#11 module.</exception>
    internal static Pkcs11Module Acquire(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        lock (Gate)
        {
            if (!Loaded.TryGetValue(full, out var module))
            {
                if (!File.Exists(full))
                {
                    throw new TrustKeyException($"The PKCS#11 module {full} does not exist.");
                }

                IPkcs11Library library;
                try
                {
                    library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, full, AppType.MultiThreaded);
                }
                catch (Exception ex) when (ex is Pkcs11Exception or UnmanagedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                {
                    throw new TrustKeyException($"The PKCS#11 module {full} could not be loaded or initialised.", ex);
                }

                module = new Pkcs11Module(full, library);
                Loaded[full] = module;
            }

            module._references++;
            return module;
        }
    }

    /// <summary>Drops one reference; the last one finalizes and unloads the module.</summary>
    internal void Release()
    {
        lock (Gate)
        {
            if (--_references > 0)
            {
                return;
            }

            Loaded.Remove(Path);
            Library.Dispose();
        }
    }

    /// <summary>The one slot whose token has <paramref name="tokenLabel"/>.</summary>
    /// <exception cref="TrustKeyException">No such token, or more than one.</exception>
    internal ISlot FindSlot(string tokenLabel)
    {
        List<ISlot> slots;
        try
        {
            slots = Library.GetSlotList(SlotsType.WithTokenPresent);
        }
        catch (Pkcs11Exception ex)
        {
            throw new TrustKeyException($"The PKCS#11 module could not list its slots ({ex.RV}).", ex);
        }

        var matches = slots.Where(s => string.Equals(s.GetTokenInfo().Label.TrimEnd(), tokenLabel, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => throw new TrustKeyException($"No PKCS#11 token labelled '{tokenLabel}' is present."),
            1 => matches[0],
            _ => throw new TrustKeyException($"More than one PKCS#11 token is labelled '{tokenLabel}'."),
        };
    }
}

/// <summary>
/// Pkcs11Interop 5.x P/Invokes <c>dlopen</c> from "libdl", but glibc 2.34 and later ship only
/// <c>libdl.so.2</c> (the unversioned name comes with libc6-dev). Map the name so the module
/// loads on a plain Debian machine.
/// </summary>
internal static class NativeLoader
{
    internal static void Install()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11Exception).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already installed for the assembly (by the host application); keep it.
        }
    }

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == "libdl" && OperatingSystem.IsLinux())
        {
            foreach (var candidate in new[] { "libdl.so.2", "libc.so.6" })
            {
                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    return handle;
                }
            }
        }

        return IntPtr.Zero;
    }
}
