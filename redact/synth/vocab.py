"""Curated word lists: the non-personal distractors and the parts of postal addresses.

Distractors are what a redactor must leave alone: companies, public URLs, cities,
countries, job titles, durations, dates, prices... Lists are hand-written (not Faker) so
that no distractor accidentally holds a person's name, e.g. Faker's "Smith, Jones and
Brown" companies.
"""

from __future__ import annotations

# Companies with the slug their URLs use. Fictional and real names mixed on purpose.
COMPANIES: tuple[tuple[str, str], ...] = (
    ("Northwind Analytics", "northwind-analytics"),
    ("Contoso", "contoso"),
    ("Globex", "globex"),
    ("Initech", "initech"),
    ("Acme Robotics", "acme-robotics"),
    ("Hooli", "hooli"),
    ("Umbrella Labs", "umbrella-labs"),
    ("BlueYonder Data", "blueyonder-data"),
    ("Tessera Cloud", "tessera-cloud"),
    ("Quantix", "quantix"),
    ("Lumen & Co", "lumen-co"),
    ("Helios Energy", "helios-energy"),
    ("Capgemini", "capgemini"),
    ("Airbus", "airbus"),
    ("Decathlon", "decathlon"),
    ("BNP Paribas", "bnp-paribas"),
    ("Doctolib", "doctolib"),
    ("BlaBlaCar", "blablacar"),
    ("Datadog", "datadog"),
    ("Shopify", "shopify"),
    ("Infosys", "infosys"),
    ("Atlassian", "atlassian"),
    ("Nubank", "nubank"),
    ("Salesforce", "salesforce"),
    ("Grab", "grab"),
    ("Mistral AI", "mistral-ai"),
    ("Schneider Electric", "schneider-electric"),
    ("L'Oréal", "loreal"),
    ("Ubisoft", "ubisoft"),
    ("Wipro", "wipro"),
)
COMPANY_NAMES: tuple[str, ...] = tuple(name for name, _ in COMPANIES)
COMPANY_SLUGS: tuple[str, ...] = tuple(slug for _, slug in COMPANIES)
COMPANY_TLDS: tuple[str, ...] = ("com", "io", "fr", "ai", "co")

BLOG_PATHS: dict[str, tuple[str, ...]] = {
    "en": (
        "blog/2024/scaling-our-data-platform",
        "engineering/how-we-cut-cloud-costs",
        "careers",
        "news/series-b-announcement",
        "blog/lessons-from-10-years-of-kubernetes",
        "events/summit-2025",
        "jobs/senior-data-engineer",
    ),
    "fr": (
        "blog/2024/retour-d-experience-migration",
        "actualites/levee-de-fonds",
        "recrutement",
        "blog/nos-engagements-rse",
        "evenements/meetup-data-lyon",
        "offres/ingenieur-devops",
    ),
}

# LinkedIn URLs that belong to organizations, jobs or events: public, never redacted.
LINKEDIN_PAGE_PATTERNS: tuple[str, ...] = (
    "linkedin.com/company/{slug}",
    "https://www.linkedin.com/company/{slug}/",
    "https://www.linkedin.com/company/{slug}/jobs/",
    "https://www.linkedin.com/school/{slug}/",
    "https://www.linkedin.com/jobs/view/{job}/",
    "https://www.linkedin.com/events/{event}/",
)

CITIES: dict[str, tuple[str, ...]] = {
    "en": (
        "London", "New York", "San Francisco", "Toronto", "Bangalore", "São Paulo", "Sydney",
        "Singapore", "Berlin", "Austin", "Seattle", "Dublin", "Amsterdam", "Chicago", "Boston",
        "Mumbai", "Melbourne", "Vancouver", "Lagos", "Cape Town", "Mexico City", "Zurich",
    ),
    "fr": (
        "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Bordeaux", "Lille", "Rennes",
        "Strasbourg", "Montpellier", "Grenoble", "Montréal", "Québec", "Genève", "Lausanne",
        "Bruxelles", "Liège", "Nice", "Sophia Antipolis", "Station F",
    ),
}  # fmt: skip

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "en": (
        "France", "Canada", "India", "Brazil", "Germany", "the US", "the UK", "Singapore",
        "Australia", "Switzerland", "Japan", "Spain", "Mexico", "Nigeria", "Ireland",
    ),
    "fr": (
        "France", "Canada", "Inde", "Brésil", "Allemagne", "États-Unis", "Royaume-Uni",
        "Singapour", "Australie", "Suisse", "Japon", "Espagne", "Belgique", "Maroc", "Sénégal",
    ),
}  # fmt: skip

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "en": (
        "Senior Data Engineer", "Head of Marketing", "Product Manager", "Chief Technology Officer",
        "Software Engineer II", "Talent Acquisition Partner", "UX Designer", "Staff ML Engineer",
        "VP of Sales", "Customer Success Manager", "Engineering Manager", "Data Analyst",
        "Cloud Architect", "Head of People", "Security Engineer", "Founder & CEO",
    ),
    "fr": (
        "Ingénieure data", "Responsable marketing", "Cheffe de projet", "Directeur technique",
        "Développeuse full-stack", "Chargée de recrutement", "Consultant SAP",
        "Product Owner", "Architecte cloud", "Responsable RH", "Data scientist",
        "Directrice commerciale", "Ingénieur DevOps", "Fondateur et CEO", "Alternante en finance",
    ),
}  # fmt: skip

HASHTAGS: dict[str, tuple[str, ...]] = {
    "en": (
        "#hiring", "#AI", "#DataScience", "#leadership", "#OpenToWork", "#MachineLearning",
        "#careers", "#startup", "#cloud", "#Python", "#productmanagement", "#remotework",
        "#womenintech", "#networking", "#innovation", "#GenAI",
    ),
    "fr": (
        "#recrutement", "#emploi", "#IA", "#innovation", "#transformationdigitale",
        "#FrenchTech", "#alternance", "#RSE", "#data", "#management", "#teletravail",
        "#startup", "#cybersécurité", "#formation",
    ),
}  # fmt: skip

DURATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "10 years", "3 months", "two weeks", "18 months", "5 years", "six months", "a decade",
        "90 days", "4 years", "12 weeks", "15 years", "one year", "7 years", "2 years",
    ),
    "fr": (
        "3 mois", "10 ans", "deux semaines", "18 mois", "cinq ans", "six mois", "une décennie",
        "90 jours", "4 ans", "12 semaines", "15 ans", "un an", "7 ans", "2 ans",
    ),
}  # fmt: skip

# Dates as adverbial phrases, so a template can write "see you {date}".
DATES: dict[str, tuple[str, ...]] = {
    "en": (
        "on March 12", "on 12 March 2024", "on 2024-11-05", "in June 2023", "next Tuesday",
        "in Q3 2024", "on Friday, May 17", "in January 2025", "on October 3rd", "last Monday",
        "on 11/05/2024", "at the end of Q1", "on the 21st of September", "this Thursday",
    ),
    "fr": (
        "le 12 mars", "le 4 juin 2024", "le 05/11/2024", "mardi prochain", "fin septembre",
        "lundi dernier", "le 1er avril", "mi-novembre", "en janvier 2025", "début 2025",
        "vendredi 17 mai", "le 2024-11-05", "au T3 2024", "ce jeudi",
    ),
}  # fmt: skip

EVENTS: tuple[str, ...] = (
    "VivaTech", "Web Summit", "AWS re:Invent", "PyCon", "Devoxx France", "Big Data Paris",
    "Collision", "Slush", "NeurIPS", "KubeCon Europe", "Dreamforce", "SaaStr Annual",
)  # fmt: skip

TECH: tuple[str, ...] = (
    "Python", "Kubernetes", "dbt", "Snowflake", "PyTorch", "React", "Rust", "Terraform",
    "Apache Spark", "PostgreSQL", "Kafka", "TypeScript", "Airflow", "LangChain",
)  # fmt: skip

SCHOOLS: tuple[str, ...] = (
    "HEC Paris", "Stanford", "IIT Bombay", "Polytechnique", "EPFL", "McGill", "INSEAD",
    "the University of Toronto", "Sciences Po", "Imperial College", "USP", "NUS",
)  # fmt: skip

PRICES: dict[str, tuple[str, ...]] = {
    "en": ("$49", "$1,200", "€99", "£350", "USD 250k", "$12.99/month", "$2M", "€15k"),
    "fr": ("99 €", "1 200 €", "49,90 €", "15 k€", "350 € HT", "2 M€", "12,99 €/mois", "500 €"),
}
PERCENTS: dict[str, tuple[str, ...]] = {
    "en": ("40%", "12.5%", "3x", "25%", "+18%", "99.9%", "70%"),
    "fr": ("40 %", "12,5 %", "x3", "25 %", "+18 %", "99,9 %", "70 %"),
}
COUNTS: dict[str, tuple[str, ...]] = {
    "en": ("500", "1,200", "3", "42", "10,000", "250+", "12", "30", "2,500", "8"),
    "fr": ("500", "1 200", "3", "42", "10 000", "250+", "12", "30", "2 500", "8"),
}

# Personal e-mail providers by account country (work e-mails use company domains).
EMAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "US": ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"),
    "CA": ("gmail.com", "outlook.com", "videotron.ca", "rogers.com", "hotmail.ca"),
    "IN": ("gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"),
    "BR": ("gmail.com", "uol.com.br", "hotmail.com", "bol.com.br"),
    "AU": ("gmail.com", "bigpond.com", "outlook.com"),
    "SG": ("gmail.com", "singnet.com.sg", "yahoo.com.sg"),
    "ZA": ("gmail.com", "webmail.co.za", "outlook.com"),
    "MX": ("gmail.com", "hotmail.com", "prodigy.net.mx"),
    "NG": ("gmail.com", "yahoo.com", "outlook.com"),
    "FR": ("gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "hotmail.fr"),
    "GB": ("gmail.com", "btinternet.com", "yahoo.co.uk", "outlook.com"),
    "DE": ("gmail.com", "gmx.de", "web.de", "t-online.de"),
    "CH": ("gmail.com", "bluewin.ch", "gmx.ch"),
    "BE": ("gmail.com", "skynet.be", "telenet.be", "hotmail.be"),
    "ES": ("gmail.com", "hotmail.es", "yahoo.es"),
    "IT": ("gmail.com", "libero.it", "virgilio.it"),
    "NL": ("gmail.com", "ziggo.nl", "kpnmail.nl"),
    "IE": ("gmail.com", "eircom.net", "outlook.com"),
    "NO": ("gmail.com", "online.no", "hotmail.no"),
    "IS": ("gmail.com", "simnet.is"),
}

# Street addresses. English: number, name, suffix, optional unit, optional city line.
EN_STREET_NAMES: tuple[str, ...] = (
    "Maple", "Oak", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Sunset", "Park",
    "Church", "Mill", "River", "Highland", "Main", "Spring", "Willow", "Lincoln", "Jefferson",
    "King", "Queen", "Station", "Victoria", "Albert", "Green", "Forest", "Bridge", "Harbor",
)  # fmt: skip
EN_STREET_SUFFIXES: tuple[str, ...] = (
    "Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Dr", "Boulevard",
    "Court", "Way", "Place", "Terrace",
)  # fmt: skip
EN_UNITS: tuple[str, ...] = ("Apt 4B", "Apt. 12", "Suite 210", "Unit 7", "Flat 3", "#1104")
US_CITY_LINES: tuple[tuple[str, str, str], ...] = (
    ("Austin", "TX", "787"), ("Seattle", "WA", "981"), ("Brooklyn", "NY", "112"),
    ("San Jose", "CA", "951"), ("Chicago", "IL", "606"), ("Denver", "CO", "802"),
    ("Boston", "MA", "021"), ("Portland", "OR", "972"), ("Atlanta", "GA", "303"),
)  # fmt: skip
UK_CITY_LINES: tuple[tuple[str, str], ...] = (
    ("London", "E1 6AN"), ("Manchester", "M1 4BT"), ("Leeds", "LS1 4DY"),
    ("Bristol", "BS1 5TR"), ("Edinburgh", "EH1 1YZ"), ("Cambridge", "CB2 1TN"),
)  # fmt: skip
CA_CITY_LINES: tuple[tuple[str, str, str], ...] = (
    ("Toronto", "ON", "M5V 2T6"), ("Vancouver", "BC", "V6B 4Y8"), ("Ottawa", "ON", "K1P 5G4"),
)  # fmt: skip

# French: number, optional "bis", street type, name, optional postcode and city.
FR_STREET_TYPES: tuple[str, ...] = (
    "rue", "avenue", "boulevard", "place", "impasse", "allée", "chemin", "quai", "cours",
)  # fmt: skip
FR_STREET_NAMES: tuple[str, ...] = (
    "des Lilas", "Victor Hugo", "Jean Jaurès", "de la République", "du Moulin",
    "de la Gare", "Pasteur", "des Écoles", "du Général de Gaulle", "de Verdun", "Voltaire",
    "des Acacias", "Saint-Michel", "de la Liberté", "du Château", "des Tilleuls", "Gambetta",
    "de Paris", "du Port", "Émile Zola", "de la Croix-Rousse", "des Vignes",
)  # fmt: skip
FR_CITY_LINES: tuple[tuple[str, str], ...] = (
    ("75011", "Paris"), ("75003", "Paris"), ("75015", "Paris"), ("75020", "Paris"),
    ("69003", "Lyon"), ("69007", "Lyon"), ("13006", "Marseille"), ("31000", "Toulouse"),
    ("44000", "Nantes"), ("33000", "Bordeaux"), ("59000", "Lille"), ("35000", "Rennes"),
    ("67000", "Strasbourg"), ("34000", "Montpellier"), ("38000", "Grenoble"),
    ("1000", "Bruxelles"), ("1204", "Genève"),
)  # fmt: skip

# Singapore names, written the local way (Faker has no Singaporean locale).
SG_FIRST_NAMES: tuple[str, ...] = (
    "Wei Ming", "Jia Hui", "Siew Ling", "Jun Jie", "Mei Ling", "Kumar", "Nurul", "Hafiz",
    "Xin Yi", "Zhi Hao", "Priya", "Aisyah", "Darren", "Rachel", "Bryan", "Shu Fen",
)  # fmt: skip
SG_LAST_NAMES: tuple[str, ...] = (
    "Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo", "Rajan",
    "Abdullah", "Chong", "Yeo", "Low", "Sim",
)  # fmt: skip
