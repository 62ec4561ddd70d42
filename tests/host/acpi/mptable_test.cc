// Host tests of the MP table reader (plat/x86_64/acpi/mptable.c): synthetic
// tables, laid out as QEMU's microvm firmware (qboot) writes them, in a
// fake low memory.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <x86/mptable.h>

namespace {

constexpr uint64_t kMemSize = 1024 * 1024;
constexpr uint64_t kLastKb = 639 * 1024; // 0x9fc00: where qboot puts it
constexpr uint64_t kBios = 0xF0000;

// Low memory; every map() returns a fresh copy of exactly the bytes asked
// for, so a read past them is a heap overflow under ASan.
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

private:
	static const void *Map(void *ctx, uint64_t pa, size_t len)
	{
		auto *m = static_cast<FakeMem *>(ctx);

		if (len == 0 || pa >= kMemSize || len > kMemSize - pa)
			return nullptr;
		m->copies_.emplace_back(new uint8_t[len]);
		std::memcpy(m->copies_.back().get(), &m->bytes_[pa], len);
		return m->copies_.back().get();
	}
	std::vector<uint8_t> bytes_;
	std::vector<std::unique_ptr<uint8_t[]>> copies_;
};

// Little-endian bytes, independent of the library's structs.
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
	Bytes &str(const std::string &s)
	{
		b.insert(b.end(), s.begin(), s.end());
		return *this;
	}
	// Sets byte off so that all bytes sum to 0.
	void fix_sum(size_t off)
	{
		uint8_t s = 0;

		b[off] = 0;
		for (uint8_t v : b)
			s += v;
		b[off] = uint8_t(-s);
	}
};

Bytes Fps(uint32_t config_pa, uint8_t feature1 = 0)
{
	Bytes f;

	f.str("_MP_").u32(config_pa).u8(1).u8(4).u8(0).u8(feature1);
	f.u32(0);
	f.fix_sum(10);
	return f;
}

Bytes Cpu(uint8_t id, uint8_t flags)
{
	return Bytes()
		.u8(0)
		.u8(id)
		.u8(0x14)
		.u8(flags)
		.u32(0x600)
		.u32(0)
		.u32(0)
		.u32(0);
}

Bytes Bus(uint8_t id, const std::string &type)
{
	return Bytes().u8(1).u8(id).str(type);
}

Bytes IoApic(uint8_t id, uint8_t flags, uint32_t addr)
{
	return Bytes().u8(2).u8(id).u8(0x20).u8(flags).u32(addr);
}

Bytes IoInt(uint16_t flags, uint8_t bus, uint8_t irq, uint8_t apic, uint8_t pin)
{
	return Bytes().u8(3).u8(0).u16(flags).u8(bus).u8(irq).u8(apic).u8(pin);
}

// A configuration table of the entries, entry_count 0 as qboot leaves it.
Bytes Config(const std::vector<Bytes> &entries, uint16_t entry_count = 0)
{
	Bytes c;
	size_t len = 44;

	for (const Bytes &e : entries)
		len += e.b.size();
	c.str("PCMP").u16(uint16_t(len)).u8(4).u8(0).str("QBOOT   ");
	c.str("000000000000").u32(0).u16(0).u16(entry_count);
	c.u32(0xFEE00000).u16(0).u8(0).u8(0);
	for (const Bytes &e : entries)
		c.b.insert(c.b.end(), e.b.begin(), e.b.end());
	c.fix_sum(7);
	return c;
}

std::vector<Bytes> QbootEntries()
{
	return {
		Cpu(0, 3), // enabled, BSP
		Cpu(1, 1),
		Cpu(2, 0), // disabled
		Cpu(3, 1),
		Bus(0, "ISA   "),
		Bus(1, "PCI   "),
		IoApic(0, 1, 0xFEC00000),
		IoInt(0, 0, 0, 0, 2), // IRQ 0 -> pin 2: an override
		IoInt(0, 0, 1, 0, 1), // identity: none
		IoInt(0xD, 0, 9, 0, 9), // level, active high: an override
		IoInt(0xF, 1, 5, 0, 20), // PCI bus: not an ISA override
	};
}

x86_madt_info *NewInfo()
{
	static x86_madt_info info;

	std::memset(&info, 0xAA, sizeof(info));
	return &info;
}

TEST(MpTable, QbootLayoutInLastKilobyte)
{
	FakeMem m;
	x86_acpi_mem mem = m.mem();
	x86_madt_info *info = NewInfo();

	m.Put(kLastKb, Fps(kLastKb + 16).b);
	m.Put(kLastKb + 16, Config(QbootEntries()).b);
	ASSERT_EQ(x86_mptable_read(&mem, info), 0);
	EXPECT_EQ(info->lapic_addr, 0xFEE00000u);
	ASSERT_EQ(info->cpu_count, 3u);
	EXPECT_EQ(info->cpus[0].apic_id, 0u);
	EXPECT_EQ(info->cpus[1].apic_id, 1u);
	EXPECT_EQ(info->cpus[2].apic_id, 3u);
	EXPECT_EQ(info->cpus[2].flags, X86_MADT_CPU_ENABLED);
	EXPECT_EQ(info->cpus_disabled, 1u);
	ASSERT_EQ(info->ioapic_count, 1u);
	EXPECT_EQ(info->ioapics[0].addr, 0xFEC00000u);
	EXPECT_EQ(info->ioapics[0].gsi_base, 0u);
	ASSERT_EQ(info->iso_count, 2u);
	EXPECT_EQ(info->isos[0].source, 0u);
	EXPECT_EQ(info->isos[0].gsi, 2u);
	EXPECT_EQ(info->isos[1].source, 9u);
	EXPECT_EQ(info->isos[1].gsi, 9u);
	EXPECT_EQ(info->isos[1].flags, 0xDu);
}

TEST(MpTable, EbdaFromTheBdaThenBiosRom)
{
	FakeMem m;
	x86_acpi_mem mem = m.mem();
	x86_madt_info *info = NewInfo();

	// EBDA at 0x80000 (BDA word 0x40E); the table itself in the ROM.
	m.Put(0x40E, { 0x00, 0x80 });
	m.Put(0x80000 + 32, Fps(0x90000).b);
	m.Put(0x90000, Config({ Cpu(0, 3), Cpu(1, 1) }).b);
	ASSERT_EQ(x86_mptable_read(&mem, info), 0);
	EXPECT_EQ(info->cpu_count, 2u);

	FakeMem rom;
	mem = rom.mem();
	rom.Put(kBios + 0xF000, Fps(0x90000).b);
	rom.Put(0x90000, Config({ Cpu(0, 3) }).b);
	ASSERT_EQ(x86_mptable_read(&mem, info), 0);
	EXPECT_EQ(info->cpu_count, 1u);
}

TEST(MpTable, RejectsBadPointersAndTables)
{
	x86_madt_info *info = NewInfo();
	Bytes fps = Fps(kLastKb + 16);

	{ // nothing there
		FakeMem m;
		x86_acpi_mem mem = m.mem();
		EXPECT_EQ(x86_mptable_read(&mem, info), -ENOENT);
	}
	{ // the pointer's checksum
		FakeMem m;
		x86_acpi_mem mem = m.mem();
		Bytes bad = fps;
		bad.b[10] ^= 1;
		m.Put(kLastKb, bad.b);
		m.Put(kLastKb + 16, Config(QbootEntries()).b);
		EXPECT_EQ(x86_mptable_read(&mem, info), -ENOENT);
	}
	{ // a default configuration: no table
		FakeMem m;
		x86_acpi_mem mem = m.mem();
		m.Put(kLastKb, Fps(kLastKb + 16, 5).b);
		m.Put(kLastKb + 16, Config(QbootEntries()).b);
		EXPECT_EQ(x86_mptable_read(&mem, info), -ENOENT);
	}
	{ // the table's checksum
		FakeMem m;
		x86_acpi_mem mem = m.mem();
		Bytes cfg = Config(QbootEntries());
		cfg.b[50] ^= 1;
		m.Put(kLastKb, fps.b);
		m.Put(kLastKb + 16, cfg.b);
		EXPECT_EQ(x86_mptable_read(&mem, info), -EINVAL);
	}
	{ // beyond memory
		FakeMem m;
		x86_acpi_mem mem = m.mem();
		m.Put(kLastKb, Fps(0xFFFFFFF0).b);
		EXPECT_EQ(x86_mptable_read(&mem, info), -EFAULT);
	}
}

TEST(MpTable, ParseRejectsMalformedEntries)
{
	x86_madt_info *info = NewInfo();
	Bytes unknown =
		Config({ Cpu(0, 3), Bytes().u8(7).u8(0).u16(0).u32(0) });
	Bytes cut = Config({ Cpu(0, 3) });
	Bytes sig = Config({ Cpu(0, 3) });

	EXPECT_EQ(x86_mptable_parse(reinterpret_cast<const x86_mp_config *>(
					    unknown.b.data()),
				    uint32_t(unknown.b.size()), info),
		  -EINVAL);
	// A processor entry cut short by the table's length.
	cut.b[4] = 44 + 12;
	EXPECT_EQ(x86_mptable_parse(
			  reinterpret_cast<const x86_mp_config *>(cut.b.data()),
			  uint32_t(cut.b.size()), info),
		  -EINVAL);
	// A length beyond the buffer.
	EXPECT_EQ(x86_mptable_parse(
			  reinterpret_cast<const x86_mp_config *>(cut.b.data()),
			  40, info),
		  -EINVAL);
	sig.b[0] = 'X';
	EXPECT_EQ(x86_mptable_parse(
			  reinterpret_cast<const x86_mp_config *>(sig.b.data()),
			  uint32_t(sig.b.size()), info),
		  -EINVAL);
}

TEST(MpTable, EntryCountIsIgnored)
{
	x86_madt_info *info = NewInfo();
	Bytes c = Config({ Cpu(0, 3), Cpu(1, 1) }, 1);

	ASSERT_EQ(x86_mptable_parse(
			  reinterpret_cast<const x86_mp_config *>(c.b.data()),
			  uint32_t(c.b.size()), info),
		  0);
	EXPECT_EQ(info->cpu_count, 2u);
}

TEST(MpTable, OverflowIsCountedNotStored)
{
	x86_madt_info *info = NewInfo();
	std::vector<Bytes> e;

	for (int i = 0; i < X86_MADT_MAX_IOAPICS + 2; i++)
		e.push_back(IoApic(uint8_t(i), 1, 0xFEC00000 + 0x1000 * i));
	Bytes c = Config(e);
	ASSERT_EQ(x86_mptable_parse(
			  reinterpret_cast<const x86_mp_config *>(c.b.data()),
			  uint32_t(c.b.size()), info),
		  0);
	EXPECT_EQ(info->ioapic_count, unsigned(X86_MADT_MAX_IOAPICS));
	EXPECT_EQ(info->ioapics_dropped, 2u);
	EXPECT_EQ(info->ioapics[1].gsi_base, 24u);
}

} // namespace
