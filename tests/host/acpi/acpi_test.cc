// Host tests of plat/x86_64/acpi: synthetic ACPI tables in a fake memory.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <x86/acpi.h>
#include <x86/madt.h>

namespace {

constexpr uint64_t kMemSize = 2 * 1024 * 1024;
constexpr uint64_t kEbdaSeg = 0x9FC0;
constexpr uint64_t kEbda = kEbdaSeg << 4;
constexpr uint64_t kRootPa = 0x100000;
constexpr uint64_t kMadtPa = 0x101000;
constexpr uint64_t kFacpPa = 0x102000;
constexpr uint64_t kOtherPa = 0x103000;

// Physical memory [0, kMemSize) minus an optional hole. Every map() hands
// out a fresh copy of exactly the requested bytes, so a read past what the
// library asked for is a heap overflow (caught when run under ASan).
class FakeMem {
public:
	FakeMem() : bytes_(kMemSize, 0)
	{
	}

	x86_acpi_mem mem()
	{
		return { &FakeMem::Map, this };
	}

	void Put(uint64_t pa, const std::vector<uint8_t> &b)
	{
		ASSERT_LE(pa + b.size(), kMemSize);
		std::memcpy(&bytes_[pa], b.data(), b.size());
	}
	void Put16(uint64_t pa, uint16_t v)
	{
		Put(pa, { uint8_t(v), uint8_t(v >> 8) });
	}
	void SetHole(uint64_t lo, uint64_t hi)
	{
		hole_lo_ = lo;
		hole_hi_ = hi;
	}

	unsigned int null_maps = 0; // map() calls answered with NULL
	bool wrapped = false; // some map() call had pa + len wrap

private:
	static const void *Map(void *ctx, uint64_t pa, size_t len)
	{
		auto *m = static_cast<FakeMem *>(ctx);

		if (pa + len < pa)
			m->wrapped = true;
		if (len == 0 || pa >= kMemSize || len > kMemSize - pa ||
		    (pa < m->hole_hi_ && pa + len > m->hole_lo_)) {
			m->null_maps++;
			return nullptr;
		}
		m->copies_.emplace_back(new uint8_t[len]);
		std::memcpy(m->copies_.back().get(), &m->bytes_[pa], len);
		return m->copies_.back().get();
	}

	std::vector<uint8_t> bytes_;
	std::vector<std::unique_ptr<uint8_t[]>> copies_;
	uint64_t hole_lo_ = 0, hole_hi_ = 0;
};

// Little-endian byte builder, written independently of the library's
// structs so that a layout mistake there shows up here.
struct Bytes {
	std::vector<uint8_t> b;

	Bytes &u8(uint8_t v)
	{
		b.push_back(v);
		return *this;
	}
	Bytes &u16(uint16_t v)
	{
		return u8(v).u8(v >> 8);
	}
	Bytes &u32(uint32_t v)
	{
		return u16(v).u16(v >> 16);
	}
	Bytes &u64(uint64_t v)
	{
		return u32(v).u32(v >> 32);
	}
	Bytes &str(const std::string &s)
	{
		b.insert(b.end(), s.begin(), s.end());
		return *this;
	}
	void set32(size_t off, uint32_t v)
	{
		for (int i = 0; i < 4; i++)
			b[off + i] = uint8_t(v >> (8 * i));
	}
};

uint8_t Sum(const std::vector<uint8_t> &b, size_t from, size_t to)
{
	uint8_t s = 0;
	for (size_t i = from; i < to; i++)
		s += b[i];
	return s;
}

// RSDP: revision 0 gives the 20-byte ACPI 1.0 form.
std::vector<uint8_t> Rsdp(uint8_t rev, uint32_t rsdt, uint64_t xsdt = 0)
{
	Bytes r;
	r.str("RSD PTR ").u8(0).str("TESSER").u8(rev).u32(rsdt);
	if (rev >= 2)
		r.u32(36).u64(xsdt).u8(0).u8(0).u8(0).u8(0);
	r.b[8] = uint8_t(-Sum(r.b, 0, 20));
	if (rev >= 2)
		r.b[32] = uint8_t(-Sum(r.b, 0, 36));
	return r.b;
}

// A system description table: 36-byte header then body; length and
// checksum are filled by Done().
struct Table {
	Bytes t;

	explicit Table(const std::string &sig)
	{
		t.str(sig).u32(0).u8(1).u8(0).str("TESSER").str("TESTTABL");
		t.u32(1).u32(0x54455354).u32(1);
	}
	std::vector<uint8_t> Done(int32_t length_delta = 0,
				  uint8_t csum_delta = 0)
	{
		t.set32(4, uint32_t(t.b.size() + length_delta));
		t.b[9] = 0;
		t.b[9] = uint8_t(-Sum(t.b, 0, t.b.size()) + csum_delta);
		return t.b;
	}
};

std::vector<uint8_t> Rsdt(const std::vector<uint32_t> &entries)
{
	Table t("RSDT");
	for (uint32_t e : entries)
		t.t.u32(e);
	return t.Done();
}

std::vector<uint8_t> Xsdt(const std::vector<uint64_t> &entries)
{
	Table t("XSDT");
	for (uint64_t e : entries)
		t.t.u64(e);
	return t.Done();
}

// MADT entries.
Bytes Lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	return Bytes().u8(0).u8(8).u8(uid).u8(id).u32(flags);
}
Bytes Ioapic(uint8_t id, uint32_t addr, uint32_t gsi)
{
	return Bytes().u8(1).u8(12).u8(id).u8(0).u32(addr).u32(gsi);
}
Bytes Iso(uint8_t src, uint32_t gsi, uint16_t flags)
{
	return Bytes().u8(2).u8(10).u8(0).u8(src).u32(gsi).u16(flags);
}
Bytes LapicOverride(uint64_t addr)
{
	return Bytes().u8(5).u8(12).u16(0).u64(addr);
}
Bytes X2apic(uint32_t id, uint32_t flags, uint32_t uid)
{
	return Bytes().u8(9).u8(16).u16(0).u32(id).u32(flags).u32(uid);
}

struct Madt {
	Table t{ "APIC" };

	explicit Madt(uint32_t lapic = 0xFEE00000, uint32_t flags = 1)
	{
		t.t.u32(lapic).u32(flags);
	}
	Madt &Add(const Bytes &e)
	{
		t.t.b.insert(t.t.b.end(), e.b.begin(), e.b.end());
		return *this;
	}
	std::vector<uint8_t> Done()
	{
		return t.Done();
	}
};

// What QEMU's "-M pc -smp 4" MADT holds.
std::vector<uint8_t> QemuMadt()
{
	Madt m;
	for (uint8_t i = 0; i < 4; i++)
		m.Add(Lapic(i, i, 1));
	m.Add(Ioapic(0, 0xFEC00000, 0));
	m.Add(Iso(0, 2, 0));
	m.Add(Iso(5, 5, 0xD));
	m.Add(Iso(9, 9, 0xD));
	m.Add(Iso(10, 10, 0xD));
	m.Add(Iso(11, 11, 0xD));
	m.Add(Bytes().u8(4).u8(6).u8(0xFF).u16(0).u8(1)); // LAPIC NMI
	return m.Done();
}

class AcpiTest : public ::testing::Test {
protected:
	// RSDP in the BIOS area, revision 0, RSDT -> FACP, MADT.
	void SetUpRsdt(const std::vector<uint8_t> &madt)
	{
		mem_.Put(0xF5A30, Rsdp(0, kRootPa));
		mem_.Put(kRootPa, Rsdt({ kFacpPa, kMadtPa }));
		mem_.Put(kFacpPa, Table("FACP").Done());
		mem_.Put(kMadtPa, madt);
	}

	int Init()
	{
		uint64_t rsdp = 0;
		int rc = x86_acpi_rsdp_find(&m_, 0, &rsdp);
		if (rc)
			return rc;
		return x86_acpi_init(&acpi_, &m_, rsdp);
	}

	int ParseRaw(const std::vector<uint8_t> &madt)
	{
		return x86_madt_parse(
			reinterpret_cast<const x86_acpi_sdt_hdr *>(madt.data()),
			&info_);
	}

	void TearDown() override
	{
		EXPECT_FALSE(mem_.wrapped);
	}

	FakeMem mem_;
	x86_acpi_mem m_ = mem_.mem();
	x86_acpi acpi_;
	x86_madt_info info_;
};

// --- RSDP discovery ---

TEST_F(AcpiTest, RsdpInEbda)
{
	mem_.Put16(X86_ACPI_BDA_EBDA_SEG, kEbdaSeg);
	mem_.Put(kEbda + 0x30, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, kEbda + 0x30);
}

TEST_F(AcpiTest, RsdpInBiosArea)
{
	mem_.Put(0xFFFF0, Rsdp(0, kRootPa)); // last paragraph of the area
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, 0xFFFF0u);
}

TEST_F(AcpiTest, EbdaSearchedBeforeBiosArea)
{
	mem_.Put16(X86_ACPI_BDA_EBDA_SEG, kEbdaSeg);
	mem_.Put(kEbda + 0x3F0, Rsdp(0, kRootPa)); // last slot of 1 KiB
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, kEbda + 0x3F0);
}

TEST_F(AcpiTest, OnlyFirstKibOfEbdaSearched)
{
	mem_.Put16(X86_ACPI_BDA_EBDA_SEG, kEbdaSeg);
	mem_.Put(kEbda + 0x400, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	EXPECT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), -ENOENT);
}

TEST_F(AcpiTest, RsdpOffParagraphBoundaryNotFound)
{
	mem_.Put(0xF0008, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	EXPECT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), -ENOENT);
}

TEST_F(AcpiTest, NoRsdp)
{
	uint64_t pa = 0;
	EXPECT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), -ENOENT);
}

TEST_F(AcpiTest, BootRsdpTakesPrecedence)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(0x80000, Rsdp(2, kRootPa, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0x80000, &pa), 0);
	EXPECT_EQ(pa, 0x80000u);
}

TEST_F(AcpiTest, InvalidBootRsdpFallsBackToSearch)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	auto bad = Rsdp(0, kRootPa);
	bad[8]++;
	mem_.Put(0x80000, bad);
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0x80000, &pa), 0);
	EXPECT_EQ(pa, 0xE0000u);
	// Out of memory entirely: also ignored.
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0x7FFFFFFFFFFull, &pa), 0);
	EXPECT_EQ(pa, 0xE0000u);
}

TEST_F(AcpiTest, BadRsdpChecksumSkipped)
{
	auto bad = Rsdp(0, kRootPa);
	bad[15] ^= 0x40; // OEM id byte: checksum no longer matches
	mem_.Put(0xE0000, bad);
	mem_.Put(0xE0100, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, 0xE0100u);
}

TEST_F(AcpiTest, BadExtendedChecksumSkipped)
{
	auto bad = Rsdp(2, kRootPa, kRootPa);
	bad[32]++; // 1.0 checksum still good
	mem_.Put(0xE0000, bad);
	mem_.Put(0xE0040, Rsdp(2, kRootPa, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, 0xE0040u);
}

TEST_F(AcpiTest, Rev2RsdpWithShortLengthSkipped)
{
	auto bad = Rsdp(2, kRootPa, kRootPa);
	bad[20] = 20; // length < 36, extended checksum fixed up
	bad[32] = 0;
	bad[32] = uint8_t(-Sum(bad, 0, 36));
	ASSERT_EQ(Sum(bad, 0, 36), 0);
	ASSERT_EQ(Sum(bad, 0, 20), 0);
	mem_.Put(0xE0000, bad);
	uint64_t pa = 0;
	EXPECT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), -ENOENT);
}

TEST_F(AcpiTest, UnreadableBdaAndHolesDoNotStopSearch)
{
	mem_.SetHole(0, 0xF0000); // BDA, EBDA and half the BIOS area
	mem_.Put(0xF0010, Rsdp(0, kRootPa));
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_rsdp_find(&m_, 0, &pa), 0);
	EXPECT_EQ(pa, 0xF0010u);
	EXPECT_GT(mem_.null_maps, 0u);
}

// --- Root table ---

TEST_F(AcpiTest, Rev0UsesRsdt)
{
	SetUpRsdt(QemuMadt());
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(acpi_.revision, 0);
	EXPECT_EQ(acpi_.root_pa, kRootPa);
	EXPECT_EQ(acpi_.entry_size, 4u);
	EXPECT_EQ(acpi_.entry_count, 2u);

	const x86_acpi_sdt_hdr *t = nullptr;
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_table_find(&acpi_, "APIC", &t, &pa), 0);
	EXPECT_EQ(pa, kMadtPa);
	EXPECT_EQ(std::memcmp(t->signature, "APIC", 4), 0);
	EXPECT_EQ(t->length, QemuMadt().size());
	ASSERT_EQ(x86_acpi_table_find(&acpi_, "FACP", nullptr, &pa), 0);
	EXPECT_EQ(pa, kFacpPa);
	EXPECT_EQ(x86_acpi_table_find(&acpi_, "HPET", &t, &pa), -ENOENT);
}

TEST_F(AcpiTest, Rev2PrefersXsdt)
{
	// The RSDT lists a MADT with 1 CPU, the XSDT one with 4.
	mem_.Put(0xE0000, Rsdp(2, 0x104000, kRootPa));
	mem_.Put(0x104000, Rsdt({ kOtherPa }));
	mem_.Put(kOtherPa, Madt().Add(Lapic(0, 0, 1)).Done());
	mem_.Put(kRootPa, Xsdt({ kFacpPa, kMadtPa }));
	mem_.Put(kFacpPa, Table("FACP").Done());
	mem_.Put(kMadtPa, QemuMadt());
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(acpi_.revision, 2);
	EXPECT_EQ(acpi_.root_pa, kRootPa);
	EXPECT_EQ(acpi_.entry_size, 8u);
	EXPECT_EQ(acpi_.entry_count, 2u);
	ASSERT_EQ(x86_madt_read(&acpi_, &info_), 0);
	EXPECT_EQ(info_.cpu_count, 4u);
}

TEST_F(AcpiTest, Rev2WithoutXsdtUsesRsdt)
{
	mem_.Put(0xE0000, Rsdp(2, kRootPa, 0));
	mem_.Put(kRootPa, Rsdt({ kMadtPa }));
	mem_.Put(kMadtPa, QemuMadt());
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(acpi_.entry_size, 4u);
	ASSERT_EQ(x86_madt_read(&acpi_, &info_), 0);
	EXPECT_EQ(info_.cpu_count, 4u);
}

TEST_F(AcpiTest, InitRejectsInvalidRsdp)
{
	auto bad = Rsdp(0, kRootPa);
	bad[9]++;
	mem_.Put(0xE0000, bad);
	EXPECT_EQ(x86_acpi_init(&acpi_, &m_, 0xE0000), -EINVAL);
	EXPECT_EQ(x86_acpi_init(&acpi_, &m_, kMemSize - 8), -EINVAL);
}

TEST_F(AcpiTest, RsdtAddressZero)
{
	mem_.Put(0xE0000, Rsdp(0, 0));
	EXPECT_EQ(Init(), -EINVAL);
}

TEST_F(AcpiTest, RootTableOutsideMemory)
{
	mem_.Put(0xE0000, Rsdp(2, 0, 0x123456789000ull));
	EXPECT_EQ(Init(), -EINVAL);
	EXPECT_GT(mem_.null_maps, 0u);
}

TEST_F(AcpiTest, RootTableWrongSignature)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Xsdt({ kMadtPa })); // RSDP rev 0 points at an RSDT
	EXPECT_EQ(Init(), -EINVAL);
}

TEST_F(AcpiTest, RootTableBadChecksum)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	Table t("RSDT");
	t.t.u32(kMadtPa);
	mem_.Put(kRootPa, t.Done(0, 1));
	EXPECT_EQ(Init(), -EINVAL);
}

TEST_F(AcpiTest, RootTablePartialEntry)
{
	mem_.Put(0xE0000, Rsdp(2, 0, kRootPa));
	Table t("XSDT");
	t.t.u64(kMadtPa).u32(kFacpPa); // 12 bytes: 1.5 entries
	mem_.Put(kRootPa, t.Done());
	EXPECT_EQ(Init(), -EINVAL);
}

TEST_F(AcpiTest, RootTableShorterThanHeader)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Table("RSDT").Done(-1));
	EXPECT_EQ(Init(), -EINVAL);
}

TEST_F(AcpiTest, RootTableAbsurdLength)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Table("RSDT").Done(0x7FFFFF00));
	EXPECT_EQ(Init(), -E2BIG);
}

TEST_F(AcpiTest, EmptyRootTable)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Rsdt({}));
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(acpi_.entry_count, 0u);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -ENOENT);
}

// --- Table lookup ---

TEST_F(AcpiTest, BadTableChecksum)
{
	Madt m;
	m.Add(Lapic(0, 0, 1));
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Rsdt({ kMadtPa }));
	mem_.Put(kMadtPa, m.t.Done(0, 0x10));
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -EINVAL);
}

TEST_F(AcpiTest, TableRunningPastEndOfMemory)
{
	auto madt = QemuMadt();
	uint64_t pa = kMemSize - 64; // header readable, body is not
	mem_.Put(0xE0000, Rsdp(2, 0, kRootPa));
	mem_.Put(kRootPa, Xsdt({ pa }));
	mem_.Put(pa, std::vector<uint8_t>(madt.begin(), madt.begin() + 64));
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -EINVAL);
	EXPECT_GT(mem_.null_maps, 0u);
}

TEST_F(AcpiTest, TableAbsurdLength)
{
	mem_.Put(0xE0000, Rsdp(0, kRootPa));
	mem_.Put(kRootPa, Rsdt({ kMadtPa }));
	mem_.Put(kMadtPa, Table("APIC").Done(-36 + 0x7FFFFFFF));
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -E2BIG);
}

TEST_F(AcpiTest, NullAndUnreadableEntriesSkipped)
{
	// 0, beyond memory, wrapping past 2^64, then the MADT. Address 0
	// holds a corrupt "APIC" header: it must not even be looked at.
	mem_.Put(0, Table("APIC").Done(0, 1));
	mem_.Put(0xE0000, Rsdp(2, 0, kRootPa));
	mem_.Put(kRootPa,
		 Xsdt({ 0, 0x4000000000ull, 0xFFFFFFFFFFFFFFF0ull, kMadtPa }));
	mem_.Put(kMadtPa, QemuMadt());
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(acpi_.entry_count, 4u);
	uint64_t pa = 0;
	ASSERT_EQ(x86_acpi_table_find(&acpi_, "APIC", nullptr, &pa), 0);
	EXPECT_EQ(pa, kMadtPa);
	EXPECT_GT(mem_.null_maps, 0u);
	// TearDown checks that the wrapping entry never reached map().
}

// --- MADT ---

TEST_F(AcpiTest, QemuLikeMadt)
{
	SetUpRsdt(QemuMadt());
	ASSERT_EQ(Init(), 0);
	ASSERT_EQ(x86_madt_read(&acpi_, &info_), 0);
	EXPECT_EQ(info_.lapic_addr, 0xFEE00000u);
	EXPECT_FALSE(info_.lapic_addr_overridden);
	EXPECT_EQ(info_.flags, X86_MADT_PCAT_COMPAT);
	ASSERT_EQ(info_.cpu_count, 4u);
	for (unsigned int i = 0; i < 4; i++) {
		EXPECT_EQ(info_.cpus[i].apic_id, i);
		EXPECT_EQ(info_.cpus[i].acpi_uid, i);
		EXPECT_EQ(info_.cpus[i].flags, X86_MADT_CPU_ENABLED);
		EXPECT_FALSE(info_.cpus[i].x2apic);
	}
	EXPECT_EQ(info_.cpus_dropped, 0u);
	EXPECT_EQ(info_.cpus_disabled, 0u);
	ASSERT_EQ(info_.ioapic_count, 1u);
	EXPECT_EQ(info_.ioapics[0].id, 0);
	EXPECT_EQ(info_.ioapics[0].addr, 0xFEC00000u);
	EXPECT_EQ(info_.ioapics[0].gsi_base, 0u);
	ASSERT_EQ(info_.iso_count, 5u);
	EXPECT_EQ(info_.isos[0].bus, 0);
	EXPECT_EQ(info_.isos[0].source, 0);
	EXPECT_EQ(info_.isos[0].gsi, 2u);
	EXPECT_EQ(info_.isos[0].flags, 0);
	EXPECT_EQ(info_.isos[1].source, 5);
	EXPECT_EQ(info_.isos[1].gsi, 5u);
	EXPECT_EQ(info_.isos[1].flags & X86_MADT_ISO_TRIGGER_MASK,
		  X86_MADT_ISO_TRIGGER_LEVEL);
	EXPECT_EQ(info_.isos[1].flags & X86_MADT_ISO_POLARITY_MASK,
		  X86_MADT_ISO_POLARITY_HIGH);
	EXPECT_EQ(info_.isos[4].source, 11);
}

TEST_F(AcpiTest, MadtShorterThanFixedPart)
{
	Table t("APIC");
	t.t.u32(0xFEE00000); // flags missing: 40 bytes
	SetUpRsdt(t.Done());
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -EINVAL);
}

TEST_F(AcpiTest, WrongSignatureRejectedByParse)
{
	Table t("APIX");
	t.t.u32(0xFEE00000).u32(0);
	EXPECT_EQ(ParseRaw(t.Done()), -EINVAL);
}

TEST_F(AcpiTest, EmptyMadt)
{
	EXPECT_EQ(ParseRaw(Madt(0xFEE00000, 0).Done()), 0);
	EXPECT_EQ(info_.cpu_count, 0u);
	EXPECT_EQ(info_.ioapic_count, 0u);
	EXPECT_EQ(info_.iso_count, 0u);
	EXPECT_EQ(info_.flags, 0u);
}

TEST_F(AcpiTest, ZeroLengthEntry)
{
	Madt m;
	m.Add(Lapic(0, 0, 1)).Add(Bytes().u8(0x7F).u8(0)).Add(Lapic(1, 1, 1));
	EXPECT_EQ(ParseRaw(m.Done()), -EINVAL);
}

TEST_F(AcpiTest, OneByteEntry)
{
	Madt m;
	m.Add(Bytes().u8(0x7F).u8(1)).Add(Lapic(1, 1, 1));
	EXPECT_EQ(ParseRaw(m.Done()), -EINVAL);
}

TEST_F(AcpiTest, LoneByteAtEnd)
{
	Madt m;
	m.Add(Lapic(0, 0, 1)).Add(Bytes().u8(0));
	EXPECT_EQ(ParseRaw(m.Done()), -EINVAL);
}

TEST_F(AcpiTest, EntryRunningPastEnd)
{
	Madt m;
	m.Add(Lapic(0, 0, 1)).Add(Bytes().u8(0x7F).u8(40).u32(0));
	EXPECT_EQ(ParseRaw(m.Done()), -EINVAL);
}

TEST_F(AcpiTest, TruncatedLastEntry)
{
	// The table's length cuts the last LAPIC entry in half.
	Madt m;
	m.Add(Lapic(0, 0, 1)).Add(Lapic(1, 1, 1));
	SetUpRsdt(m.t.Done(-4));
	ASSERT_EQ(Init(), 0);
	EXPECT_EQ(x86_madt_read(&acpi_, &info_), -EINVAL);
}

TEST_F(AcpiTest, KnownEntryShorterThanItsLayout)
{
	Madt m;
	m.Add(Bytes().u8(9).u8(8).u16(0).u32(5)); // x2APIC needs 16 bytes
	m.Add(Lapic(1, 1, 1));
	EXPECT_EQ(ParseRaw(m.Done()), -EINVAL);
}

TEST_F(AcpiTest, UnknownAndLongerEntriesSkippedByLength)
{
	Madt m;
	m.Add(Bytes().u8(0x7F).u8(7).u8(1).u8(2).u8(3).u8(4).u8(5));
	m.Add(Bytes().u8(4).u8(6).u8(0xFF).u16(5).u8(1)); // LAPIC NMI
	m.Add(Bytes().u8(0).u8(10).u8(3).u8(7).u32(1).u16(0xFFFF)); // longer
	m.Add(Lapic(4, 9, 1));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	ASSERT_EQ(info_.cpu_count, 2u);
	EXPECT_EQ(info_.cpus[0].apic_id, 7u);
	EXPECT_EQ(info_.cpus[0].acpi_uid, 3u);
	EXPECT_EQ(info_.cpus[1].apic_id, 9u);
}

TEST_F(AcpiTest, DisabledAndOnlineCapableCpus)
{
	Madt m;
	m.Add(Lapic(0, 0, X86_MADT_CPU_ENABLED));
	m.Add(Lapic(1, 1, 0)); // disabled: not usable
	m.Add(Lapic(2, 2, X86_MADT_CPU_ONLINE_CAPABLE));
	m.Add(X2apic(3, 0, 3));
	m.Add(X2apic(4, X86_MADT_CPU_ONLINE_CAPABLE, 4));
	m.Add(Lapic(5, 5, 0x4)); // reserved bit only
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	ASSERT_EQ(info_.cpu_count, 3u);
	EXPECT_EQ(info_.cpus[0].apic_id, 0u);
	EXPECT_EQ(info_.cpus[0].flags, X86_MADT_CPU_ENABLED);
	EXPECT_EQ(info_.cpus[1].apic_id, 2u);
	EXPECT_EQ(info_.cpus[1].flags, X86_MADT_CPU_ONLINE_CAPABLE);
	EXPECT_EQ(info_.cpus[2].apic_id, 4u);
	EXPECT_TRUE(info_.cpus[2].x2apic);
	EXPECT_EQ(info_.cpus_disabled, 3u);
	EXPECT_EQ(info_.cpus_dropped, 0u);
}

TEST_F(AcpiTest, X2apicEntries)
{
	Madt m;
	m.Add(Lapic(0, 0, 1));
	m.Add(X2apic(255, 1, 1000));
	m.Add(X2apic(0x12345678, 1, 1001));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	ASSERT_EQ(info_.cpu_count, 3u);
	EXPECT_FALSE(info_.cpus[0].x2apic);
	EXPECT_EQ(info_.cpus[1].apic_id, 255u);
	EXPECT_EQ(info_.cpus[1].acpi_uid, 1000u);
	EXPECT_TRUE(info_.cpus[1].x2apic);
	EXPECT_EQ(info_.cpus[2].apic_id, 0x12345678u);
	EXPECT_EQ(info_.cpus[2].acpi_uid, 1001u);
	EXPECT_TRUE(info_.cpus[2].x2apic);
}

TEST_F(AcpiTest, CpuListedAsLapicAndX2apicCountedOnce)
{
	Madt m;
	m.Add(Lapic(0, 0, 1)).Add(Lapic(1, 1, 1));
	m.Add(X2apic(0, 1, 0)).Add(X2apic(1, 1, 1)).Add(X2apic(2, 1, 2));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	ASSERT_EQ(info_.cpu_count, 3u);
	EXPECT_EQ(info_.cpus[0].apic_id, 0u);
	EXPECT_FALSE(info_.cpus[0].x2apic);
	EXPECT_EQ(info_.cpus[1].apic_id, 1u);
	EXPECT_FALSE(info_.cpus[1].x2apic);
	EXPECT_EQ(info_.cpus[2].apic_id, 2u);
	EXPECT_TRUE(info_.cpus[2].x2apic);
}

TEST_F(AcpiTest, DisabledDuplicateDoesNotHideUsableListing)
{
	Madt m;
	m.Add(Lapic(1, 1, 0)).Add(X2apic(1, 1, 1));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	ASSERT_EQ(info_.cpu_count, 1u);
	EXPECT_TRUE(info_.cpus[0].x2apic);
}

TEST_F(AcpiTest, LapicAddressOverride)
{
	Madt m(0xFEE00000);
	m.Add(Lapic(0, 0, 1)).Add(LapicOverride(0x12FEE00000ull));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	EXPECT_TRUE(info_.lapic_addr_overridden);
	EXPECT_EQ(info_.lapic_addr, 0x12FEE00000ull);
}

TEST_F(AcpiTest, MoreCpusThanCapacity)
{
	Madt m;
	const unsigned int n = X86_MADT_MAX_CPUS + 44;
	for (unsigned int i = 0; i < n; i++)
		m.Add(X2apic(i, 1, i));
	m.Add(Lapic(0, 3, 1)); // duplicate of a stored CPU: not dropped
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	EXPECT_EQ(info_.cpu_count, unsigned(X86_MADT_MAX_CPUS));
	EXPECT_EQ(info_.cpus_dropped, 44u);
	EXPECT_EQ(info_.cpus[X86_MADT_MAX_CPUS - 1].apic_id,
		  uint32_t(X86_MADT_MAX_CPUS - 1));
}

TEST_F(AcpiTest, MoreIoapicsAndOverridesThanCapacity)
{
	Madt m;
	for (unsigned int i = 0; i < X86_MADT_MAX_IOAPICS + 2; i++)
		m.Add(Ioapic(i, 0xFEC00000 + 0x1000 * i, 24 * i));
	for (unsigned int i = 0; i < X86_MADT_MAX_ISOS + 3; i++)
		m.Add(Iso(i, i + 100, 0));
	ASSERT_EQ(ParseRaw(m.Done()), 0);
	EXPECT_EQ(info_.ioapic_count, unsigned(X86_MADT_MAX_IOAPICS));
	EXPECT_EQ(info_.ioapics_dropped, 2u);
	EXPECT_EQ(info_.ioapics[7].gsi_base, 24u * 7);
	EXPECT_EQ(info_.iso_count, unsigned(X86_MADT_MAX_ISOS));
	EXPECT_EQ(info_.isos_dropped, 3u);
	EXPECT_EQ(info_.isos[15].gsi, 115u);
}

TEST_F(AcpiTest, ParseResetsPreviousResult)
{
	Madt big;
	for (uint8_t i = 0; i < 8; i++)
		big.Add(Lapic(i, i, 1));
	big.Add(LapicOverride(0x1000));
	ASSERT_EQ(ParseRaw(big.Done()), 0);
	ASSERT_EQ(ParseRaw(Madt().Add(Lapic(0, 0, 1)).Done()), 0);
	EXPECT_EQ(info_.cpu_count, 1u);
	EXPECT_FALSE(info_.lapic_addr_overridden);
	EXPECT_EQ(info_.lapic_addr, 0xFEE00000u);
}

} // namespace
