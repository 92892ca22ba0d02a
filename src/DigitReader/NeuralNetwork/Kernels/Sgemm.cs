using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DigitReader.NeuralNetwork.Kernels;

/// <summary>
/// Single-precision matrix multiply, <c>C = op(A) · op(B) + β·C</c> with β ∈ {0, 1}, every matrix
/// row-major. op(X) is X or Xᵀ. The design is the one of Goto and van de Geijn, "Anatomy of
/// high-performance matrix multiplication" (ACM TOMS 34(3), 2008): K is cut into blocks that fit the
/// L2 cache and N into blocks of <c>NC</c> columns, op(A) is packed into panels of <see cref="MR"/> rows and op(B) into panels of
/// <see cref="NR"/> columns, and a register-blocked micro-kernel of MR × NR accumulators (AVX2 + FMA,
/// 12 of the 16 YMM registers) does all the arithmetic. Single-threaded: callers split work across
/// cores at a coarser grain (images of a batch, rows of C).
/// </summary>
public static unsafe class Sgemm
{
    /// <summary>Rows of C computed by one micro-kernel call.</summary>
    public const int MR = 6;

    /// <summary>Columns of C computed by one micro-kernel call (two 8-float vectors).</summary>
    public const int NR = 16;

    // K block: an MR×KC panel of A plus a KC×NR panel of B stay in L1 (32 KB); a KC×NC block of B in L2
    // (512 KB). 288 = 32·3·3 keeps the common 3×3 convolution's K in one block, so C is written once.
    private const int KC = 288;
    private const int MC = 120;
    private const int NC = 384;

    [ThreadStatic] private static float[]? packedA;
    [ThreadStatic] private static float[]? packedB;

    /// <summary>
    /// Computes <c>C[M×N] = op(A)[M×K] · op(B)[K×N] + (accumulate ? C : 0)</c>.
    /// </summary>
    /// <param name="transA">op(A) = Aᵀ, where A is stored [K×M] row-major.</param>
    /// <param name="transB">op(B) = Bᵀ, where B is stored [N×K] row-major.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="a">A, row-major, [M×K] or [K×M] when transposed.</param>
    /// <param name="b">B, row-major, [K×N] or [N×K] when transposed.</param>
    /// <param name="c">C, row-major [M×N].</param>
    /// <param name="accumulate">True to add into C (β = 1), false to overwrite it (β = 0).</param>
    /// <param name="lda">Row stride of the stored A, in floats; 0 means dense (K, or M when transposed).
    /// A larger stride multiplies a block of columns of a wider matrix without copying it.</param>
    /// <param name="ldb">Row stride of the stored B, in floats; 0 means dense (N, or K when transposed).</param>
    /// <param name="ldc">Row stride of C, in floats; 0 means dense (N). With <paramref name="ldb"/> it lets
    /// threads each compute a block of columns of one product, sharing A and packing only their part of B.</param>
    /// <exception cref="ArgumentException">A span is shorter than its shape needs.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int lda = 0, int ldb = 0, int ldc = 0)
    {
        if (lda == 0) lda = transA ? m : k;
        if (ldb == 0) ldb = transB ? k : n;
        if (ldc == 0) ldc = n;
        long aNeeded = transA ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        long bNeeded = transB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        if ((m > 0 && k > 0 && a.Length < aNeeded) || (n > 0 && k > 0 && b.Length < bNeeded) || (m > 0 && n > 0 && c.Length < (long)(m - 1) * ldc + n))
            throw new ArgumentException($"Spans too short for a [{m}×{k}]·[{k}×{n}] product.");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        // A(i,p) = a[i*rsA + p*csA]; B(p,j) = b[p*rsB + j*csB].
        int rsA = transA ? 1 : lda, csA = transA ? lda : 1;
        int rsB = transB ? 1 : ldb, csB = transB ? ldb : 1;

        var pb = packedB ??= new float[NC * KC];
        var pa = packedA ??= new float[MC * KC];

        fixed (float* pA = a, pB = b, pC = c, pkA = pa, pkB = pb)
        {
            if (m <= MC)
            {
                FewRows(pA, rsA, csA, pB, rsB, csB, pC, ldc, m, n, k, pkA, pkB, accumulate);
                return;
            }
            // Column blocks keep the packed KC × NC block of B inside L2 however wide C is.
            for (int j0 = 0; j0 < n; j0 += NC)
            {
                int nc = Math.Min(NC, n - j0), nPanels = (nc + NR - 1) / NR;
                for (int p0 = 0; p0 < k; p0 += KC)
                {
                    int kc = Math.Min(KC, k - p0);
                    bool addInto = accumulate || p0 > 0;
                    PackB(pB + (long)p0 * rsB + (long)j0 * csB, rsB, csB, kc, nc, pkB);
                    for (int i0 = 0; i0 < m; i0 += MC)
                    {
                        int mc = Math.Min(MC, m - i0);
                        PackA(pA + (long)i0 * rsA + (long)p0 * csA, rsA, csA, mc, kc, pkA);
                        for (int jp = 0; jp < nPanels; jp++)
                        {
                            int j = jp * NR, nr = Math.Min(NR, nc - j);
                            float* bPanel = pkB + (long)jp * NR * kc;
                            for (int ip = 0; ip * MR < mc; ip++)
                            {
                                int i = ip * MR, mr = Math.Min(MR, mc - i);
                                float* cTile = pC + (long)(i0 + i) * ldc + j0 + j;
                                if (mr == MR && nr == NR && Fma.IsSupported) Kernel(pkA + (long)ip * MR * kc, bPanel, kc, cTile, ldc, addInto);
                                else EdgeKernel(pkA + (long)ip * MR * kc, bPanel, kc, cTile, ldc, mr, nr, addInto);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The product when all of A's rows fit one packed block (convolution filters, a batch's rows): A is
    /// packed once per K block, and each NR-column panel of B is packed just before the micro-kernels use
    /// it, so it is still in L1 rather than making a round trip through L2 as a whole packed block would.
    /// </summary>
    private static void FewRows(float* pA, int rsA, int csA, float* pB, int rsB, int csB, float* pC, int ldc,
        int m, int n, int k, float* pkA, float* pkB, bool accumulate)
    {
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            bool addInto = accumulate || p0 > 0;
            PackA(pA + (long)p0 * csA, rsA, csA, m, kc, pkA);
            for (int j = 0; j < n; j += NR)
            {
                int nr = Math.Min(NR, n - j);
                PackB(pB + (long)p0 * rsB + (long)j * csB, rsB, csB, kc, nr, pkB);
                for (int i = 0; i < m; i += MR)
                {
                    int mr = Math.Min(MR, m - i);
                    float* cTile = pC + (long)i * ldc + j;
                    if (mr == MR && nr == NR && Fma.IsSupported) Kernel(pkA + (long)i * kc, pkB, kc, cTile, ldc, addInto);
                    else EdgeKernel(pkA + (long)i * kc, pkB, kc, cTile, ldc, mr, nr, addInto);
                }
            }
        }
    }

    /// <summary>Packs an mc×kc block of A into panels of MR rows: panel-major, then k, then the MR rows (zero-padded).</summary>
    private static void PackA(float* a, int rs, int cs, int mc, int kc, float* dst)
    {
        for (int i = 0; i < mc; i += MR)
        {
            int mr = Math.Min(MR, mc - i);
            float* panel = dst + (long)i * kc;
            if (cs == 1)
            {
                for (int r = 0; r < MR; r++)
                {
                    float* src = a + (long)(i + r) * rs;
                    if (r < mr) for (int p = 0; p < kc; p++) panel[p * MR + r] = src[p];
                    else for (int p = 0; p < kc; p++) panel[p * MR + r] = 0f;
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)p * cs + (long)i * rs;
                    float* d = panel + p * MR;
                    int r = 0;
                    for (; r < mr; r++) d[r] = src[r * rs];
                    for (; r < MR; r++) d[r] = 0f;
                }
            }
        }
    }

    /// <summary>Packs a kc×n block of B into panels of NR columns: panel-major, then k, then NR columns (zero-padded).</summary>
    private static void PackB(float* b, int rs, int cs, int kc, int n, float* dst)
    {
        for (int j = 0; j < n; j += NR)
        {
            int nr = Math.Min(NR, n - j);
            float* panel = dst + (long)j * kc;
            if (cs == 1 && nr == NR)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)p * rs + j;
                    Vector256.Store(Vector256.Load(src), panel + p * NR);
                    Vector256.Store(Vector256.Load(src + 8), panel + p * NR + 8);
                }
            }
            else if (cs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)p * rs + j;
                    float* d = panel + p * NR;
                    int c = 0;
                    for (; c < nr; c++) d[c] = src[c];
                    for (; c < NR; c++) d[c] = 0f;
                }
            }
            else if (rs == 1 && nr == NR && Avx.IsSupported)
            {
                // Transposed B: column j of op(B) is a contiguous row of the stored matrix, so 8 × 8 blocks
                // are loaded row-wise and transposed in registers.
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    Transpose8x8(b + (long)j * cs + p, cs, panel + p * NR, NR);
                    Transpose8x8(b + (long)(j + 8) * cs + p, cs, panel + p * NR + 8, NR);
                }
                for (; p < kc; p++)
                for (int c = 0; c < NR; c++)
                    panel[p * NR + c] = b[(long)(j + c) * cs + p];
            }
            else
            {
                for (int c = 0; c < NR; c++)
                {
                    if (c < nr)
                    {
                        float* src = b + (long)(j + c) * cs;
                        for (int p = 0; p < kc; p++) panel[p * NR + c] = src[p * rs];
                    }
                    else for (int p = 0; p < kc; p++) panel[p * NR + c] = 0f;
                }
            }
        }
    }

    /// <summary>Writes the transpose of the 8 × 8 block at <paramref name="src"/> (row stride <paramref name="ss"/>) to <paramref name="dst"/> (row stride <paramref name="ds"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, int ss, float* dst, int ds)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + ss);
        var r2 = Avx.LoadVector256(src + 2 * ss); var r3 = Avx.LoadVector256(src + 3 * ss);
        var r4 = Avx.LoadVector256(src + 4 * ss); var r5 = Avx.LoadVector256(src + 5 * ss);
        var r6 = Avx.LoadVector256(src + 6 * ss); var r7 = Avx.LoadVector256(src + 7 * ss);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ds, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ds, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * ds, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ds, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * ds, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ds, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * ds, Avx.Permute2x128(s3, s7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(float* a, float* b, int kc, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40); c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50); c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += MR;
            b += NR;
        }
        Store(c, c00, c01, accumulate); c += ldc;
        Store(c, c10, c11, accumulate); c += ldc;
        Store(c, c20, c21, accumulate); c += ldc;
        Store(c, c30, c31, accumulate); c += ldc;
        Store(c, c40, c41, accumulate); c += ldc;
        Store(c, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> lo, Vector256<float> hi, bool accumulate)
    {
        if (accumulate)
        {
            lo += Avx.LoadVector256(c);
            hi += Avx.LoadVector256(c + 8);
        }
        Avx.Store(c, lo);
        Avx.Store(c + 8, hi);
    }

    /// <summary>
    /// A partial tile. Convolutions hit these on every panel (32 filters = 5 full row panels + 2 rows; 14×14 =
    /// 12 full column panels + 4 pixels), so tiles of at most 4 rows or 8 columns run a kernel that does
    /// only the arithmetic they need; the rest run the full kernel on the zero-padded panels into a scratch
    /// tile and write back mr × nr. Every kernel does the same FMAs in the same order, so results do not
    /// depend on which one ran.
    /// </summary>
    private static void EdgeKernel(float* a, float* b, int kc, float* c, int ldc, int mr, int nr, bool accumulate)
    {
        if (Fma.IsSupported && nr == NR && mr <= 2)
        {
            TwoRowKernel(a, b, kc, c, ldc, mr, accumulate);
            return;
        }
        if (Fma.IsSupported && nr == NR && mr <= 4)
        {
            FourRowKernel(a, b, kc, c, ldc, mr, accumulate);
            return;
        }
        float* tile = stackalloc float[MR * NR];
        if (Fma.IsSupported && nr <= 8)
        {
            HalfWidthKernel(a, b, kc, tile);
            WriteBack(tile, c, ldc, mr, nr, accumulate);
            return;
        }
        if (Fma.IsSupported) Kernel(a, b, kc, tile, NR, accumulate: false);
        else ScalarKernel(a, b, kc, tile);
        WriteBack(tile, c, ldc, mr, nr, accumulate);
    }

    /// <summary>Writes (or adds) the mr × nr corner of a scratch tile of NR-float rows into C.</summary>
    private static void WriteBack(float* tile, float* c, int ldc, int mr, int nr, bool accumulate)
    {
        for (int r = 0; r < mr; r++)
        {
            float* row = c + (long)r * ldc;
            for (int j = 0; j < nr; j++) row[j] = accumulate ? row[j] + tile[r * NR + j] : tile[r * NR + j];
        }
    }

    /// <summary>The micro-kernel for a tile of at most 2 rows (of a zero-padded MR-row panel), NR columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRowKernel(float* a, float* b, int kc, float* c, int ldc, int mr, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            a += MR;
            b += NR;
        }
        Store(c, c00, c01, accumulate);
        if (mr > 1) Store(c + ldc, c10, c11, accumulate);
    }

    /// <summary>The micro-kernel for a tile of 3 or 4 rows (of a zero-padded MR-row panel), NR columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourRowKernel(float* a, float* b, int kc, float* c, int ldc, int mr, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
            a += MR;
            b += NR;
        }
        Store(c, c00, c01, accumulate); c += ldc;
        if (mr > 1) Store(c, c10, c11, accumulate); c += ldc;
        if (mr > 2) Store(c, c20, c21, accumulate); c += ldc;
        if (mr > 3) Store(c, c30, c31, accumulate);
    }

    /// <summary>The micro-kernel on the first 8 columns of a (zero-padded) NR-column panel, all MR rows, into a scratch tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HalfWidthKernel(float* a, float* b, int kc, float* tile)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            c0 = Fma.MultiplyAdd(Vector256.Create(a[0]), b0, c0);
            c1 = Fma.MultiplyAdd(Vector256.Create(a[1]), b0, c1);
            c2 = Fma.MultiplyAdd(Vector256.Create(a[2]), b0, c2);
            c3 = Fma.MultiplyAdd(Vector256.Create(a[3]), b0, c3);
            c4 = Fma.MultiplyAdd(Vector256.Create(a[4]), b0, c4);
            c5 = Fma.MultiplyAdd(Vector256.Create(a[5]), b0, c5);
            a += MR;
            b += NR;
        }
        Avx.Store(tile, c0);
        Avx.Store(tile + NR, c1);
        Avx.Store(tile + 2 * NR, c2);
        Avx.Store(tile + 3 * NR, c3);
        Avx.Store(tile + 4 * NR, c4);
        Avx.Store(tile + 5 * NR, c5);
    }

    private static void ScalarKernel(float* a, float* b, int kc, float* tile)
    {
        new Span<float>(tile, MR * NR).Clear();
        for (int p = 0; p < kc; p++)
        for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++)
            tile[r * NR + j] += a[p * MR + r] * b[p * NR + j];
    }
}
