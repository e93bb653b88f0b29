#!/usr/bin/env python3
"""Writes the issue-4 benchmark lead file and the rows it should become.

  generate.py ROWS messy.csv clean.csv

messy.csv: name, phone, email, company, timezone and 3 custom columns, as a CRM exports them:
~30% US numbers written without + ("(212) 555-1234"), 2% bad phones, 1% phones repeated from
earlier rows. clean.csv: the same rows as the leads table would hold them (E.164, duplicates
dropped, bad phones kept as entered), with the leads table's columns, for the psql baseline.
"""
import random
import sys
import time
import uuid

rows, messy_path, clean_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(4)
AREAS = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231,
         234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307,
         308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 325, 330, 334, 336, 337, 339, 347, 351,
         352, 360, 361, 385, 386, 401, 402, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 424,
         425, 430, 432, 434, 435, 440, 443, 469, 470, 475, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509,
         510, 512, 513, 515, 516, 517, 518, 520, 530, 540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 580,
         585, 586, 601, 602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 630,
         631, 636, 641, 646, 650, 651, 660, 661, 662, 678, 682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715,
         716, 717, 718, 719, 720, 724, 727, 731, 732, 734, 740, 754, 757, 760, 763, 765, 770, 772, 773, 774, 775, 781,
         785, 786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816, 817, 818, 828, 830, 831, 832, 843,
         845, 847, 848, 850, 856, 857, 858, 859, 860, 862, 863, 864, 865, 870, 878, 901, 903, 904, 906, 907, 908, 909,
         910, 912, 913, 914, 915, 916, 917, 918, 919, 920, 925, 928, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954,
         956, 970, 971, 972, 973, 978, 979, 980, 985, 989]
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", ""]
FIRST = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Donald", "Frances", "Ken", "José", "Zoë"]
LAST = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Müller"]
COMPANIES = ["Analytical Engines", "Compilers Inc", "Bletchley Park", "Kernel Works", "Apollo Guidance", "Shortest Path LLC", ""]
TITLES = ["CTO", "Engineer", "Director", "VP Sales", "Founder"]

used = set()
def new_number():
    while True:
        n = (rnd.choice(AREAS), rnd.randint(200, 999), rnd.randint(0, 9999))
        if n[1] % 100 != 11 and n not in used:
            used.add(n)
            return n

def csv_field(v):
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v

ms = int(time.time() * 1000)
def uuid7(i):
    b = (ms << 80) | (0x7 << 76) | ((i >> 30) & 0xFFF) << 64 | (0b10 << 62) | (i & ((1 << 62) - 1))
    return str(uuid.UUID(int=b))

seen_numbers = []
with open(messy_path, "w", encoding="utf-8", newline="") as messy, open(clean_path, "w", encoding="utf-8", newline="") as clean:
    messy.write("Full Name,Phone,E-mail,Company,Timezone,job_title,score,signup_date\r\n")
    clean.write("id,name,phone,email,company,timezone,custom_fields,status,attempts,status_version,last_error,created_at,updated_at\r\n")
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for i in range(rows):
        r = rnd.random()
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        email = f"lead{i}@example.com"
        company, zone, title = rnd.choice(COMPANIES), rnd.choice(ZONES), rnd.choice(TITLES)
        score, signup = str(rnd.randint(0, 100)), f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        status, error, bad, dup = "pending", "", False, False
        if r < 0.02:
            phone_written = rnd.choice([f"12{i}", f"+999{i}", f"n/a {i}", f"+1 555 {i}"])  # unique, never valid
            stored = phone_written
            status, error, bad = "failed", '{"kind":"Permanent","reason":"Invalid phone number format"}', True
        elif r < 0.03 and seen_numbers:
            a, e, l = rnd.choice(seen_numbers)
            phone_written, dup = f"+1{a}{e}{l:04d}", True
        else:
            a, e, l = new_number()
            seen_numbers.append((a, e, l))
            phone_written = f"({a}) {e}-{l:04d}" if rnd.random() < 0.30 else f"+1{a}{e}{l:04d}"
            stored = f"+1{a}{e}{l:04d}"
        messy.write(",".join(csv_field(v) for v in [name, phone_written, email, company, zone, title, score, signup]) + "\r\n")
        if dup:
            continue
        custom = '{""job_title"":""%s"",""score"":""%s"",""signup_date"":""%s""}' % (title, score, signup)
        clean.write(",".join([uuid7(i), csv_field(name), csv_field(stored), email, csv_field(company), zone, '"' + custom + '"', status, "0", "0",
                              '"' + error.replace('"', '""') + '"' if error else "", now, now]) + "\r\n")
